import { getClientInfo } from "@/lib/request-session";
import { requireApiUser } from "@/lib/require-user";
import { mailEmailVerification, verificationMailSent } from "@/lib/email-verification";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// Sends the verification link again (429 past the hourly limit).
export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async () => {
    const { user } = await requireApiUser();
    if (user.emailVerifiedAt) return json({ message: "Your email address is already confirmed." });
    await mailEmailVerification(user, await getClientInfo());
    return json({ message: verificationMailSent }, { status: 202 });
  },
});
