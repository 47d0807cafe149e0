import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// Liveness: no I/O at all, so it also serves as the benchmark's baseline.
export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => json({ status: "ok" }),
});
