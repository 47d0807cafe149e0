import { registerInput } from "@/lib/auth";
import { signUp } from "@/lib/current-session";
import { json, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const user = await signUp(await readJson(request, registerInput));
    return json({ user }, { status: 201 });
  },
});
