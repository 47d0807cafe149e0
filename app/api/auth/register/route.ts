import { registerInput } from "@/lib/auth";
import { signUp } from "@/lib/sign-in";
import { json, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  // 201 with the account (REGISTRATION_MODE=immediate), or 202 with the one message every
  // address gets (verify-first).
  POST: async (request) => {
    const result = await signUp(await readJson(request, registerInput));
    return "user" in result ? json({ user: result.user }, { status: 201 }) : json({ message: result.message }, { status: 202 });
  },
});
