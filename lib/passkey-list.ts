import { z } from "zod";
import { getDb } from "./db";
import { lastSignInMethod, notFound } from "./errors";
import { maxPasskeyNameLength } from "./passkey-names";
import { hasPassword } from "./user-credentials";

// An account's passkeys as their owner sees and manages them: listed, renamed, removed.
// The ceremonies that add and use them are lib/passkey-registration.ts and lib/passkey-authentication.ts.

export type PasskeyView = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; backedUp: boolean };

const viewSelect = { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true } as const;

export const renamePasskeyInput = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(maxPasskeyNameLength, `Use at most ${maxPasskeyNameLength} characters.`),
});

/** An id from a path or a form: anything else than a cuid-like id is simply not one of the account's passkeys. */
const passkeyId = z.string().regex(/^[a-z0-9]{1,40}$/);

export async function listPasskeys(userId: string): Promise<PasskeyView[]> {
  const db = await getDb();
  return db.passkey.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: viewSelect });
}

export async function countPasskeys(userId: string): Promise<number> {
  const db = await getDb();
  return db.passkey.count({ where: { userId } });
}

/** The new name; 404 for an id that is not one of `userId`'s passkeys. */
export async function renamePasskey(userId: string, id: string, input: z.infer<typeof renamePasskeyInput>): Promise<PasskeyView> {
  if (!passkeyId.safeParse(id).success) throw notFound("passkey");
  const db = await getDb();
  const { count } = await db.passkey.updateMany({ where: { id, userId }, data: { name: input.name } });
  const renamed = count === 1 ? await db.passkey.findFirst({ where: { id, userId }, select: viewSelect }) : null;
  if (!renamed) throw notFound("passkey");
  return renamed;
}

/**
 * Deletes one of `userId`'s passkeys, unless it was the account's last way to sign in.
 * Checked after the delete, as lib/admin.ts keeps an administrator: of two removals at
 * once, the later check sees both and puts its passkey back, so no account is left with
 * none. (The password is the user module's, plain SQL: no statement here joins User.)
 * A password counts as a way to sign in when one is set (every account has one today).
 */
export async function deletePasskey(userId: string, id: string): Promise<PasskeyView> {
  if (!passkeyId.safeParse(id).success) throw notFound("passkey");
  const db = await getDb();
  // The whole row as it was deleted, to put back as it was.
  const deleted = await db.passkey.delete({ where: { id, userId } }).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === "P2025") throw notFound("passkey");
    throw error;
  });
  if ((await hasPassword(userId)) || (await db.passkey.count({ where: { userId } })) > 0) {
    return { id, name: deleted.name, createdAt: deleted.createdAt, lastUsedAt: deleted.lastUsedAt, backedUp: deleted.backedUp };
  }
  await db.passkey.create({ data: deleted });
  throw lastSignInMethod();
}
