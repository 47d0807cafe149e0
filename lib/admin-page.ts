import "server-only";
import { notFound, redirect } from "next/navigation";
import { authenticate, requirePageSession } from "./current-session";
import type { ValidatedSession } from "./session";

/** Admin pages: sign in first; to anyone else they do not exist. */
export async function requireAdminPage(returnTo: string): Promise<ValidatedSession> {
  const current = await requirePageSession(returnTo);
  if (current.user.role !== "admin") notFound();
  return current;
}

/** Admin server actions: a fresh check of the session and the role on every call. */
export async function requireAdminAction(returnTo: string): Promise<ValidatedSession> {
  const current = await authenticate();
  if (!current) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  if (current.user.role !== "admin") notFound();
  return current;
}
