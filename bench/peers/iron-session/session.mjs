// Stateless iron-session 8 (the app's cookie library): the session is the sealed cookie
// itself, checked without any I/O; sign-out only clears the cookie.
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";

const options = { password: process.env.PEER_SECRET, cookieName: "session", cookieOptions: { secure: false } };

export async function getSession() {
  return getIronSession(await cookies(), options);
}
