import { emailTaken, notFound } from "./errors";
import type { Prisma, Role } from "./generated/prisma/client";
import { isUniqueViolation, newRowId, queryPlain, readDate, readOptionalDate } from "./plain-sql";

// Accounts: who they are and what may be said of them. Every statement on the User
// table is plain SQL (lib/plain-sql.ts), here and in lib/user-credentials.ts (how the
// account signs in) and lib/user-directory.ts (what administrators list and change):
// one data path per table, and the reads of every sign-in and request are prepared
// statements. Prisma still owns the table's schema and migrations.

/**
 * What may leave the server about a user: never the password hash. A field added
 * here reaches PublicUser, every session's user and the API's answers; the
 * hand-written reads (publicUserColumns and readPublicUser below) fail to compile
 * until they read it too.
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

type Row = Record<string, unknown>;

/** The columns of publicUserSelect, for every read of a PublicUser. */
export const publicUserColumns = `"id", "email", "name", "role", "disabledAt", "emailVerifiedAt", "createdAt", "updatedAt"`;

/** A PublicUser from a plain-SQL row holding publicUserColumns (each name after `prefix`). */
export function readPublicUser(row: Row, prefix = ""): PublicUser {
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
  // The id and both dates as Prisma would have set them: its defaults are the client's, not the table's.
  const now = new Date();
  try {
    const [row] = await queryPlain<Row>(
      `INSERT INTO "User" ("id", "email", "name", "passwordHash", "emailVerifiedAt", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${publicUserColumns}`,
      [newRowId(), normalizeEmail(input.email), input.name, input.passwordHash, input.emailVerifiedAt ?? null, now, now],
    );
    return readPublicUser(row!);
  } catch (error) {
    // The unique index decides between parallel registrations of one email.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

export async function findUserById(id: string): Promise<PublicUser | null> {
  const [row] = await queryPlain<Row>(`SELECT ${publicUserColumns} FROM "User" WHERE "id" = ?`, [id]);
  return row ? readPublicUser(row) : null;
}

export type UserWithPassword = PublicUser & { passwordHash: string; totpEnabledAt: Date | null; credentialVersion: number };

/** Every sign-in's first read. */
export async function findUserWithPasswordByEmail(email: string): Promise<UserWithPassword | null> {
  // Whether a second factor must follow, and the credential version the hash belongs to
  // (lib/credential-version.ts), in the same read as the password hash.
  const [row] = await queryPlain<Row>(
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
 * An account and its credential version now, by primary key: for a session store that
 * keeps its sessions elsewhere (Redis), on every request, and for the account of a link.
 */
export async function findSessionUser(id: string): Promise<{ user: PublicUser; credentialVersion: number } | null> {
  const [row] = await queryPlain<Row>(`SELECT ${publicUserColumns}, "credentialVersion" FROM "User" WHERE "id" = ?`, [id]);
  return row ? { user: readPublicUser(row), credentialVersion: Number(row.credentialVersion) } : null;
}

export async function findUserWithPasswordById(id: string): Promise<(PublicUser & { passwordHash: string }) | null> {
  const [row] = await queryPlain<Row>(`SELECT ${publicUserColumns}, "passwordHash" FROM "User" WHERE "id" = ?`, [id]);
  return row ? { ...readPublicUser(row), passwordHash: row.passwordHash as string } : null;
}

/** The account's credential version now; null when the account is gone. Every sign-in reads it. */
export async function readCredentialVersion(id: string): Promise<number | null> {
  const [row] = await queryPlain<{ credentialVersion: number | string }>(`SELECT "credentialVersion" FROM "User" WHERE "id" = ?`, [id]);
  return row ? Number(row.credentialVersion) : null;
}

export async function markEmailVerified(id: string): Promise<void> {
  // Prisma's @updatedAt is its client's doing: every plain UPDATE of the table sets it.
  const now = new Date();
  await queryPlain(`UPDATE "User" SET "emailVerifiedAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "emailVerifiedAt" IS NULL`, [now, now, id]);
}

/** Only the public fields of a user read with more (the password hash above all). */
export function toPublicUser(user: PublicUser): PublicUser {
  const fields = Object.keys(publicUserSelect) as (keyof PublicUser)[];
  return Object.fromEntries(fields.map((field) => [field, user[field]])) as PublicUser;
}

export async function updateUserName(id: string, name: string): Promise<PublicUser> {
  const [row] = await queryPlain<Row>(`UPDATE "User" SET "name" = ?, "updatedAt" = ? WHERE "id" = ? RETURNING ${publicUserColumns}`, [
    name,
    new Date(),
    id,
  ]);
  if (!row) throw notFound("user");
  return readPublicUser(row);
}
