import { completeSignUp } from "@/lib/sign-in";
import { json, readJson, route } from "@/lib/http";
import { confirmRegistrationInput } from "@/lib/pending-registration";

export const dynamic = "force-dynamic";

// REGISTRATION_MODE=verify-first: the mailed link creates the account and signs in.
export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const { user } = await completeSignUp(await readJson(request, confirmRegistrationInput));
    return json({ user }, { status: 201 });
  },
});
