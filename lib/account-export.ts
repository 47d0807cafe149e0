import { listUserSessions } from "./account-sessions";
import { listSecurityEvents } from "./security-events";
import type { ValidatedSession } from "./session";
import type { UserRequirements } from "./require-user";

// "Download your data": the account, its sessions and its whole activity. A stolen
// password alone, or a session left open long ago, must not walk away with it all: it
// asks for a second factor (or passkey) proved within the last 15 minutes, and is the
// example of such a route (docs/assurance.md).

export const accountExportRequirements = { assurance: "aal2", maxAge: 15 * 60 } as const satisfies UserRequirements;

export async function exportAccount(current: ValidatedSession) {
  const events = [];
  let cursor: string | undefined;
  do {
    const page = await listSecurityEvents(current.user.id, { cursor, limit: 100 });
    events.push(...page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { exportedAt: new Date(), user: current.user, sessions: await listUserSessions(current), events };
}
