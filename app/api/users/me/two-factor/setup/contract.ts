import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Start setting up two-factor authentication: a new key for the authenticator app (recent sign-in needed)",
    security: cookieAuth,
    responses: {
      200: respond(
        "The key, as text, as an otpauth:// URI and as a QR code (PNG data URL)",
        z.object({ secret: z.string(), uri: z.string(), qrCode: z.string() }),
      ),
      ...errors(401, 403, 409, 503),
    },
  },
};
