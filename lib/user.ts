import { getDb, isUniqueViolation } from "./db";
import { emailTaken } from "./errors";
import { queryPlain, readDate, readOptionalDate } from "./plain-sql";
import type { Prisma, Role } from "./generated/prisma/client";

/**
 * What may leave the server about a user: never the password hash. A field added
 * here reaches PublicUser, every session's user and the API's answers; the
 * hand-written reads (plain SQL, publicUserColumns and readPublicUser below) fail to
 * compile until they read it too.
 */
export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  emailVerifiedAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.UserSelect;

export type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserSelect }>;

/** One spelling per mailbox: "  Ann@Example.COM " and "ann@example.com" are the same account. */
export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

/** `emailVerifiedAt`: for an account created by following a link mailed to its address. */
export async function createUser(input: {
  email: string;
  name: string;
  passwordHash: string;
  emailVerifiedAt?: Date;
}): Promise<PublicUser> {
  const db = await getDb();
  try {
    return await db.user.create({
      data: {
        email: normalizeEmail(input.email),
        name: input.name,
        passwordHash: input.passwordHash,
        emailVerifiedAt: input.emailVerifiedAt,
      },
      select: publicUserSelect,
    });
  } catch (error) {
    // The unique index decides between parallel registrations of one email.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

export async function findUserById(id: string): Promise<PublicUser | null> {
  const db = await getDb();
  return db.user.findUnique({ where: { id }, select: publicUserSelect });
}

export type UserWithPassword = PublicUser & { passwordHash: string; totpEnabledAt: Date | null; credentialVersion: number };

/** The columns of publicUserSelect, for the plain-SQL reads (lib/plain-sql.ts) of the busiest paths. */
export const publicUserColumns = `"id", "email", "name", "role", "disabledAt", "emailVerifiedAt", "createdAt", "updatedAt"`;

/** A PublicUser from a plain-SQL row holding publicUserColumns (each name after `prefix`). */
export function readPublicUser(row: Record<string, unknown>, prefix = ""): PublicUser {
  const column = (name: keyof PublicUser) => row[prefix + name];
  return {
    id: column("id") as string,
    email: column("email") as string,
    name: column("name") as string,
    role: column("role") as Role,
    disabledAt: readOptionalDate(column("disabledAt")),
    emailVerifiedAt: readOptionalDate(column("emailVerifiedAt")),
    createdAt: readDate(column("createdAt")),
    updatedAt: readDate(column("updatedAt")),
  };
}

/** Every sign-in's first read: plain SQL (lib/plain-sql.ts). */
export async function findUserWithPasswordByEmail(email: string): Promise<UserWithPassword | null> {
  // Whether a second factor must follow, and the credential version the hash belongs to
  // (lib/credential-version.ts), in the same read as the password hash.
  const [row] = await queryPlain<Record<string, unknown>>(
    `SELECT ${publicUserColumns}, "passwordHash", "totpEnabledAt", "credentialVersion" FROM "User" WHERE "email" = ?`,
    [normalizeEmail(email)],
  );
  if (!row) return null;
  return {
    ...readPublicUser(row),
    passwordHash: row.passwordHash as string,
    totpEnabledAt: readOptionalDate(row.totpEnabledAt),
    credentialVersion: Number(row.credentialVersion),
  };
}

/**
 * A session's account and its credential version now, by primary key: for a session
 * store that keeps its sessions elsewhere (Redis). Plain SQL: every request reads it.
 */
export async function findSessionUser(id: string): Promise<{ user: PublicUser; credentialVersion: number } | null> {
  const [row] = await queryPlain<Record<string, unknown>>(`SELECT ${publicUserColumns}, "credentialVersion" FROM "User" WHERE "id" = ?`, [
    id,
  ]);
  return row ? { user: readPublicUser(row), credentialVersion: Number(row.credentialVersion) } : null;
}

export async function findUserWithPasswordById(id: string) {
  const db = await getDb();
  return db.user.findUnique({ where: { id }, select: { ...publicUserSelect, passwordHash: true } });
}

export async function markEmailVerified(id: string): Promise<void> {
  const db = await getDb();
  await db.user.updateMany({ where: { id, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
}

/** The account's credential version now; null when the account is gone. Plain SQL: every sign-in reads it. */
export async function readCredentialVersion(id: string): Promise<number | null> {
  const [row] = await queryPlain<{ credentialVersion: number | string }>(`SELECT "credentialVersion" FROM "User" WHERE "id" = ?`, [id]);
  return row ? Number(row.credentialVersion) : null;
}

/** Swaps `expectedHash` for `passwordHash`, only if it is still the stored one; false if it changed meanwhile. */
export async function replacePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.user.updateMany({ where: { id, passwordHash: expectedHash }, data: { passwordHash } });
  return count === 1;
}

/** Only the public fields of a user read with more (the password hash above all). */
export function toPublicUser(user: PublicUser): PublicUser {
  const fields = Object.keys(publicUserSelect) as (keyof PublicUser)[];
  return Object.fromEntries(fields.map((field) => [field, user[field]])) as PublicUser;
}

export async function updateUserName(id: string, name: string): Promise<PublicUser> {
  const db = await getDb();
  return db.user.update({ where: { id }, data: { name }, select: publicUserSelect });
}
