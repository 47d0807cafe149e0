// Auth.js v5 with the credentials provider: the session is a JWT in the cookie (the only
// strategy that provider supports), checked without any I/O; sign-out only clears the cookie.
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { checkPassword } from "../shared/users.mjs";

export const { handlers, auth } = NextAuth({
  secret: process.env.PEER_SECRET,
  trustHost: true,
  session: { strategy: "jwt" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: (credentials) => checkPassword(String(credentials.email), String(credentials.password)),
    }),
  ],
});
