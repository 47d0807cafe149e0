import { checkDb } from "@/lib/db";
import { serviceUnavailable } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

// Readiness: answers 200 only after a real read from the database.
export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    try {
      await checkDb();
    } catch (error) {
      log.error("readiness check failed", { error: String(error) });
      throw serviceUnavailable();
    }
    return json({ status: "ok" });
  },
});
