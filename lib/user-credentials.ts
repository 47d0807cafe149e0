import { queryChanged, queryPlain, readOptionalDate, type SqlValue } from "./plain-sql";

// The User columns that say how an account signs in: the password hash, the TOTP
// secret and last step, the credential version (lib/credential-version.ts holds its
// rule), and what a sign-in or a link checks of them. Plain SQL, as every statement on
// User is (lib/user.ts). Each write that decides a race is one conditional UPDATE whose
// count of changed rows is the answer, as it was with Prisma's updateMany.

/** The columns a credential change may write, or require, along with the new version. */
export type CredentialColumns = {
  passwordHash: string;
  email: string;
  emailVerifiedAt: Date | null;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  totpLastUsedStep: number | null;
  disabledAt: Date | null;
};

// Column names go into the statement's text: only these, whatever else an object holds.
const credentialColumns = [
  "passwordHash",
  "email",
  "emailVerifiedAt",
  "totpSecret",
  "totpEnabledAt",
  "totpLastUsedStep",
  "disabledAt",
] as const satisfies readonly (keyof CredentialColumns)[];

/** The given columns of `values`, in a fixed order: one statement text per combination. */
const given = (values: Partial<CredentialColumns>) =>
  credentialColumns.filter((column) => values[column] !== undefined).map((column) => [column, values[column] as SqlValue] as const);

/**
 * Writes `change` and moves the credential version by one, in one statement; only
 * while the version is still `expectedVersion` (when given) and the row holds `where`
 * (null meaning "not set"). The new version, or null when nothing was written.
 */
export async function advanceCredentialVersion(
  userId: string,
  change: Partial<CredentialColumns>,
  { expectedVersion, where = {} }: { expectedVersion?: number; where?: Partial<CredentialColumns> } = {},
): Promise<number | null> {
  const sets = given(change).map(([column, value]) => ({ sql: `"${column}" = ?`, params: [value] }));
  const conditions = [
    { sql: `"id" = ?`, params: [userId] },
    ...(expectedVersion === undefined ? [] : [{ sql: `"credentialVersion" = ?`, params: [expectedVersion] }]),
    ...given(where).map(([column, value]) =>
      value === null ? { sql: `"${column}" IS NULL`, params: [] } : { sql: `"${column}" = ?`, params: [value] },
    ),
  ];
  sets.push({ sql: `"credentialVersion" = "credentialVersion" + 1`, params: [] }, { sql: `"updatedAt" = ?`, params: [new Date()] });
  const [row] = await queryPlain<{ credentialVersion: number | string }>(
    `UPDATE "User" SET ${sets.map((set) => set.sql).join(", ")} WHERE ${conditions.map((condition) => condition.sql).join(" AND ")}
     RETURNING "credentialVersion"`,
    [...sets, ...conditions].flatMap((clause) => clause.params),
  );
  return row ? Number(row.credentialVersion) : null;
}

/** What a pending sign-in checks of its account before each code: still enabled, 2FA still on, credentials unchanged. */
export async function readSignInStanding(
  userId: string,
): Promise<{ disabledAt: Date | null; totpEnabledAt: Date | null; credentialVersion: number } | null> {
  const [row] = await queryPlain<Record<string, unknown>>(
    `SELECT "disabledAt", "totpEnabledAt", "credentialVersion" FROM "User" WHERE "id" = ?`,
    [userId],
  );
  if (!row) return null;
  return {
    disabledAt: readOptionalDate(row.disabledAt),
    totpEnabledAt: readOptionalDate(row.totpEnabledAt),
    credentialVersion: Number(row.credentialVersion),
  };
}

/** Whether the account signs in with a password (every account does today); false for an unknown one. */
export async function hasPassword(userId: string): Promise<boolean> {
  const [row] = await queryPlain<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE "id" = ?`, [userId]);
  return row !== undefined && row.passwordHash !== "";
}

/** Swaps `expectedHash` for `passwordHash`, only if it is still the stored one; false if it changed meanwhile. */
export async function replacePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean> {
  const changed = await queryChanged(
    `UPDATE "User" SET "passwordHash" = ?, "updatedAt" = ? WHERE "id" = ? AND "passwordHash" = ? RETURNING "id"`,
    [passwordHash, new Date(), id, expectedHash],
  );
  return changed === 1;
}

/**
 * The account's TOTP secret (encrypted) and when 2FA was turned on: a secret without a
 * date is a setup waiting for its first code. Both null for an unknown account.
 */
export async function readTotpState(userId: string): Promise<{ secret: string | null; enabledAt: Date | null }> {
  const [row] = await queryPlain<Record<string, unknown>>(`SELECT "totpSecret", "totpEnabledAt" FROM "User" WHERE "id" = ?`, [userId]);
  return { secret: (row?.totpSecret as string | null | undefined) ?? null, enabledAt: readOptionalDate(row?.totpEnabledAt) };
}

/** Stores a new (encrypted) secret waiting for its first code; false once 2FA is on, which keeps its secret. */
export async function storePendingTotpSecret(userId: string, encryptedSecret: string): Promise<boolean> {
  const changed = await queryChanged(
    `UPDATE "User" SET "totpSecret" = ?, "totpLastUsedStep" = NULL, "updatedAt" = ? WHERE "id" = ? AND "totpEnabledAt" IS NULL RETURNING "id"`,
    [encryptedSecret, new Date(), userId],
  );
  return changed === 1;
}

/**
 * Moves the last used time step to `step`, only forward and only while 2FA is on. Moving
 * it is the check: of two requests with one code, one changes the row, the other none.
 */
export async function advanceTotpStep(userId: string, step: number): Promise<boolean> {
  const changed = await queryChanged(
    `UPDATE "User" SET "totpLastUsedStep" = ?, "updatedAt" = ?
     WHERE "id" = ? AND "totpEnabledAt" IS NOT NULL AND ("totpLastUsedStep" IS NULL OR "totpLastUsedStep" < ?) RETURNING "id"`,
    [step, new Date(), userId, step],
  );
  return changed === 1;
}
