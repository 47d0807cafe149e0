import type { ZodOpenApiPathItemObject } from "zod-openapi";

export const contract: ZodOpenApiPathItemObject = {
  get: { summary: "This document", responses: { 200: { description: "OpenAPI 3.1 document" } } },
};
