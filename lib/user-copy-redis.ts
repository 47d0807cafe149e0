import type { ChainableCommander, Redis } from "ioredis";
import { redisKey, redisScript, runScript } from "./redis";
import { fromHash, sessionKey } from "./session-record-redis";
import type { SessionRecord } from "./session-store";
import { type PublicUser, readPublicUser } from "./user";

// With sessions in Redis and accounts in the database, every validation would make
// two round trips: Redis for the session, the database for its account. So Redis
// keeps, beside the sessions, a short-lived copy of what validation needs of the
// account, and one script reads the session and the copy together:
//   user-copy:<user>        JSON of the account's public fields and credential version
//   user-generation:<user>  counts the account's changes
// Every change of an account drops its copy and counts the change, after the
// database has it (lib/session-store-redis.ts: forgetUser, and ending all of the
// user's sessions, which every credential change does). A validation that read the
// account before a change stores its copy only if the count has not moved since
// the script read it: the drop comes after the store, or the store is refused.
// The database stays the only place an account changes; Redis holds no account
// the database does not have (a copy expires, and goes with every change).

/**
 * How long a copy lives without a change. Drops are how copies end; this only bounds
 * the copy of a change whose drop failed (its caller got a 503 and the change stands).
 */
const copyTtlMs = 60_000;
/** The count outlives every copy it guards; it is the change, not the count, that matters. */
const generationTtlMs = 24 * 60 * 60 * 1000;

const copyKey = (userId: string) => redisKey("user-copy", userId);
const generationKey = (userId: string) => redisKey("user-generation", userId);

export type UserCopy = { user: PublicUser; credentialVersion: number };

// The user's keys follow from the session's userId, so they are built in the script
// from prefixes: one Redis, not a cluster (where every key must be named up front).
const readScript = redisScript(`
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then return false end
local userId
for i = 1, #fields, 2 do
  if fields[i] == 'userId' then userId = fields[i + 1] break end
end
if not userId then return {fields, false, false} end
return {fields, redis.call('GET', ARGV[1] .. userId), redis.call('GET', ARGV[2] .. userId)}`);

const storeScript = redisScript(`
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`);

/** What one script read: the session, its account's copy (null when there is none) and the account's change count. */
export type SessionRead = { session: SessionRecord; copy: UserCopy | null; generation: string };

/** The session `id` and, in the same round trip, its account's copy; null when there is no such session. */
export async function readSessionWithCopy(redis: Redis, id: string): Promise<SessionRead | null> {
  const reply = (await runScript(redis, readScript, [sessionKey(id)], [copyKey(""), generationKey("")])) as
    [string[], string | null, string | null] | null;
  if (!reply) return null;
  const [fields, copy, generation] = reply;
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) hash[fields[i] as string] = fields[i + 1] as string;
  const session = fromHash(id, hash);
  if (!session) return null;
  return { session, copy: copy === null ? null : readCopy(copy, session.userId), generation: generation ?? "" };
}

/** Keeps `copy` of the account, unless it changed since `generation` was read. */
export async function storeUserCopy(redis: Redis, userId: string, generation: string, copy: UserCopy): Promise<boolean> {
  const json = JSON.stringify({ ...copy.user, credentialVersion: copy.credentialVersion });
  return (await runScript(redis, storeScript, [copyKey(userId), generationKey(userId)], [generation, json, copyTtlMs])) === 1;
}

/** Adds to `multi` the commands that drop the account's copy and count the change. */
export function forgetUserCopy(multi: ChainableCommander, userId: string): ChainableCommander {
  return multi.incr(generationKey(userId)).pexpire(generationKey(userId), generationTtlMs).del(copyKey(userId));
}

/** A copy as stored; null (read it afresh) for one that is not of this user or not whole. */
function readCopy(json: string, userId: string): UserCopy | null {
  try {
    const row = JSON.parse(json) as Record<string, unknown>;
    const credentialVersion = Number(row.credentialVersion);
    const user = readPublicUser(row);
    if (user.id !== userId || !Number.isInteger(credentialVersion) || typeof user.email !== "string") return null;
    return { user, credentialVersion };
  } catch {
    return null;
  }
}
