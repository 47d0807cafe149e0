import type { Assurance, SignInMethod } from "./assurance";
import type { PublicUser } from "./user";

/** A session as stored. `id` is the SHA-256 of the token and never leaves the server. */
export type SessionRecord = {
  id: string;
  publicId: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  persistent: boolean;
  ipAddress: string | null;
  userAgent: string | null;
  /** The account's credential version read with the password hash by the sign-in that made the session. */
  credentialVersion: number;
  /** Always assuranceOf(method) when created (lib/assurance.ts). */
  assurance: Assurance;
  method: SignInMethod;
};

/**
 * A session and its account, read together. `userCredentialVersion` is the account's
 * now (lib/credential-version.ts): kept beside `user`, which is what the API shows.
 */
export type SessionWithUser = { session: SessionRecord; user: PublicUser; userCredentialVersion: number };

/** Where sessions live; one implementation per backend. */
export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  findWithUser(id: string): Promise<SessionWithUser | null>;
  /** Moves the idle deadline; never creates or revives a deleted record. */
  extend(session: SessionRecord, idleExpiresAt: Date, lastSeenAt: Date): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  deleteByPublicId(userId: string, publicId: string): Promise<SessionRecord | null>;
  deleteAllForUser(userId: string, exceptId?: string): Promise<number>;
  listForUser(userId: string, now: Date): Promise<SessionRecord[]>;
  /** Ends the user's least recently used sessions beyond the newest `keep`. */
  trimForUser(userId: string, keep: number): Promise<number>;
  /** Deletes up to `limit` expired sessions; the caller repeats while it returns `limit`. */
  deleteExpired(now: Date, limit: number): Promise<number>;
  /** Sessions not yet past a deadline, across all users. */
  countActive(now: Date): Promise<number>;
  /** The account changed (role, name, status): drops what the store keeps of it beside its sessions. */
  forgetUser(userId: string): Promise<void>;
}
