import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { errors, respond } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: { summary: "Sign out (ends the session)", responses: { 204: respond("Signed out; cookie cleared"), ...errors(403, 415) } },
};
