import { json, route } from "@/lib/http";
import { buildOpenApiDocument } from "./document";

export const dynamic = "force-dynamic";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    document ??= buildOpenApiDocument();
    return json(document);
  },
});
