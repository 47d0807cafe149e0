import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { z } from "zod";
import { type Assurance, meetsAssurance } from "./assurance";
import { getConfig } from "./config";
import { authenticate, getCurrentSession } from "./current-session";
import { forbidden, stepUpRequired, unauthenticated } from "./errors";
import { type FormState, formText, runFormAction } from "./form";
import { parseInput } from "./http";
import type { Role } from "./generated/prisma/client";
import { requestPathHeader, resolveRedirectTarget } from "./redirect-target";
import type { ValidatedSession } from "./session";

// The one way app code asks for the signed-in user (docs/guards.md): requireUser for
// pages and layouts, requireApiUser for route handlers, userAction and userFormAction
// for server actions.
// No list of protected paths exists anywhere: whatever calls a guard is protected.

export type SignedInUser = ValidatedSession;

/**
 * What a guard asks of the user beyond being signed in. An object, so later
 * requirements (how recent or how strong the sign-in must be) join without
 * changing a single call.
 */
export type UserRequirements = {
  /** Only users of this role; anyone else is refused (404 page, 403 API). */
  role?: Role;
  /**
   * A session signed in at least this strongly (lib/assurance.ts). A weaker one is asked
   * to step up: pages and actions go to /step-up and come back, the API gets 403
   * `step_up_required`. ADMIN_REQUIRE_AAL2 makes it "aal2" for `role: "admin"`.
   */
  assurance?: Assurance;
  /**
   * Seconds since the sign-in or step-up that gave the session its level; older asks
   * to step up the same way. Every sign-in, re-authentication and step-up starts a new
   * session, so this is the session's age.
   */
  maxAge?: number;
};

type Verdict = "allowed" | "wrong_role" | "step_up";

/**
 * For server components (pages, layouts): the signed-in user and session, or a
 * redirect to the login page that comes back to the page being rendered, with its
 * query. A user of another role than `role` gets the 404 page: to them admin pages
 * do not exist. Validation without renewal: proxy.ts renewed before rendering.
 */
export async function requireUser(requirements: UserRequirements = {}): Promise<SignedInUser> {
  const current = await getCurrentSession();
  if (!current) redirect(await loginForThisRequest());
  return refuseUnmet(current, requirements);
}

/**
 * For route handlers inside route(): validates and renews the session (re-sending
 * its cookie), or throws 401 `unauthenticated`; a user of another role than `role`
 * gets 403 `forbidden`. route() turns both into the API's JSON error.
 */
export async function requireApiUser(requirements: UserRequirements = {}): Promise<SignedInUser> {
  const current = await authenticate();
  if (!current) throw unauthenticated();
  const verdict = judge(current, requirements);
  if (verdict === "wrong_role") throw forbidden();
  if (verdict === "step_up") throw stepUpRequired();
  return current;
}

type FormSchema = z.ZodObject;

export type UserActionOptions<Schema extends FormSchema> = UserRequirements & {
  /** Fields whose submitted text the form shows again after a failure (never passwords or codes). */
  keep?: (keyof z.infer<Schema> & string)[];
};

/**
 * Wraps a server action of a signed-in user, for a form with useActionState. On every
 * call: validates and renews the session (signed out: a redirect to the login page
 * that comes back to the page the form is on; wrong role: the 404 page), reads each
 * field of `schema` from the form as text, parses it, and runs
 * `action(input, { user, session })`. Invalid input and known failures (AppErrors)
 * come back as FormState for the form to show; the action may also redirect().
 * `State`'s own fields must be optional: a failure returns a plain FormState.
 */
export function userAction<Schema extends FormSchema, State extends FormState = FormState>(
  schema: Schema,
  action: (input: z.infer<Schema>, current: SignedInUser) => Promise<NoInfer<State> | void>,
  options: UserActionOptions<Schema> = {},
): (previous: State, formData?: FormData) => Promise<State> {
  const { keep = [], ...requirements } = options;
  return async (_previous, formData) => {
    const current = await authorizeAction(requirements);
    const input = readFields(schema, formData);
    const kept = Object.fromEntries(keep.map((field) => [field, input[field] ?? ""]));
    return (await runFormAction(schema, input, kept, (data) => action(data, current))) as State;
  };
}

/**
 * The same for a plain `<form action>` (no useActionState), whose outcome can only be
 * where it sends the browser: the action ends in redirect(). With no state to show
 * them in, invalid input and failures the action does not handle itself reach the
 * error page.
 */
export function userFormAction<Schema extends FormSchema>(
  schema: Schema,
  action: (input: z.infer<Schema>, current: SignedInUser) => Promise<void>,
  requirements: UserRequirements = {},
): (formData: FormData) => Promise<void> {
  return async (formData) => {
    const current = await authorizeAction(requirements);
    await action(parseInput(schema, readFields(schema, formData)), current);
  };
}

/** Actions renew the session (they can send its cookie) and check it again on every call. */
async function authorizeAction(requirements: UserRequirements): Promise<SignedInUser> {
  const current = await authenticate();
  if (!current) redirect(await loginForThisRequest());
  return refuseUnmet(current, requirements);
}

/** For pages and actions: another role gets the 404 page (checked first: to them the page does not exist), too weak a sign-in the step-up page. */
async function refuseUnmet(current: SignedInUser, requirements: UserRequirements): Promise<SignedInUser> {
  const verdict = judge(current, requirements);
  if (verdict === "wrong_role") notFound();
  if (verdict === "step_up") redirect(await stepUpForThisRequest());
  return current;
}

function judge(current: SignedInUser, requirements: UserRequirements, now = Date.now()): Verdict {
  if (requirements.role !== undefined && current.user.role !== requirements.role) return "wrong_role";
  const assurance = requirements.role === "admin" && getConfig().adminRequireAal2 ? "aal2" : requirements.assurance;
  if (assurance && !meetsAssurance(current.session.assurance, assurance)) return "step_up";
  if (requirements.maxAge !== undefined && now - current.session.createdAt.getTime() > requirements.maxAge * 1000) return "step_up";
  return "allowed";
}

/** The schema's fields as the form sent them; a missing field reads as "", as formText does. */
function readFields(schema: FormSchema, formData: FormData | undefined): Record<string, string> {
  return Object.fromEntries(Object.keys(schema.shape).map((field) => [field, formData ? formText(formData, field) : ""]));
}

/**
 * The login page, coming back to the path and query of this request. proxy.ts sets the
 * header on every page request and server action (a POST to the page's own path),
 * overwriting whatever a client sent; it is still checked like any `next` value.
 */
async function loginForThisRequest(): Promise<string> {
  return `/login?next=${encodeURIComponent(await thisRequestPath())}`;
}

async function stepUpForThisRequest(): Promise<string> {
  return `/step-up?next=${encodeURIComponent(await thisRequestPath())}`;
}

async function thisRequestPath(): Promise<string> {
  return resolveRedirectTarget((await headers()).get(requestPathHeader));
}
