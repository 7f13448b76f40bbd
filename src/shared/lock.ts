import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { TransientError } from "./errors.js";
import { QUIET, quietPrefix } from "./lock-quiet.js";

/**
 * A lease lock in Redis (SET NX PX, released only by its holder).
 *
 * Why it exists: FerretDB 1.x applies an update by reading the document and writing it back, so
 * two concurrent conditional updates (`{_id, version: 1}` → `$inc`) can both succeed and `$inc`
 * can lose increments (measured: 50 parallel `$inc` of 1 gave 11). Only unique-index inserts are
 * atomic there. Every read-modify-write of one aggregate (an order, a SKU's stock, a PO) therefore
 * runs under this lock; the conditional filters stay as a second guard and are atomic on MongoDB.
 */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export interface LockOptions {
  ttlMs?: number;
  /** How long to keep trying before giving up with a retryable error. */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A lock still busy after the whole wait belongs to a holder that is slow or just died: its lease
 * ends within seconds, so the job retries soon (jittered) rather than on the exponential backoff,
 * which after a few such failures would park it for minutes.
 */
export const busyRetryMs = (): number => 1_000 + Math.floor(Math.random() * 2_000);

const ACQUIRE = `${quietPrefix(3)}if redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2], "NX") then return 1 end
return 0`;

/**
 * Tries until taken or the wait is over; the quiet period after a Redis restart does not count
 * against the wait (every process waits it out alike).
 */
const acquireWithin = async (attempt: () => Promise<unknown>, waitMs: number, busy: () => Error): Promise<void> => {
  let deadline = Date.now() + waitMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    const got = Number(await attempt());
    if (got === 1) return;
    if (got === QUIET) {
      deadline = Math.max(deadline, Date.now() + waitMs);
      await sleep(250);
      continue;
    }
    if (Date.now() > deadline) throw busy();
    await sleep(delay + Math.floor(Math.random() * delay));
  }
};

export const withLock = async <T>(redis: Redis, key: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> => {
  // Short, and renewed every third of it while held: a dead holder blocks others for seconds only.
  const ttlMs = opts.ttlMs ?? 10_000;
  const token = randomUUID();
  const lockKey = `lock:${key}`;
  // Waits longer than the lease: a holder that died is always outlived within one attempt.
  await acquireWithin(
    () => redis.eval(ACQUIRE, 1, lockKey, token, String(ttlMs), String(ttlMs)),
    opts.waitMs ?? ttlMs + 5_000,
    () => new TransientError("LOCK.BUSY", `lock ${key} is held elsewhere`, { key }, { retryAfterMs: busyRetryMs() }),
  );
  const keepAlive = setInterval(() => void redis.eval(EXTEND, 1, lockKey, token, String(ttlMs)).catch(() => undefined), ttlMs / 3);
  try {
    return await fn();
  } finally {
    clearInterval(keepAlive);
    await redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
  }
};

/**
 * Several locks taken together: one script sets every key or none (so two holders of overlapping
 * sets cannot deadlock, and nobody holds some keys while waiting for the rest), one renews them
 * and one releases them. Same keys and tokens as withLock, so both kinds exclude each other; a
 * set costs k + 4 Redis commands instead of 4k and two round trips instead of 2k. A script may
 * touch several keys only within one hash slot on Redis Cluster: there the lock keys need a
 * common hash tag (today one Redis serves them all).
 */
const ACQUIRE_ALL = `${quietPrefix(3)}for i, k in ipairs(KEYS) do
  if not redis.call("set", k, ARGV[1], "PX", ARGV[2], "NX") then
    for j = 1, i - 1 do redis.call("del", KEYS[j]) end
    return 0
  end
end
return 1`;
const EXTEND_ALL = `local held = redis.call("mget", unpack(KEYS))
for i, v in ipairs(held) do if v == ARGV[1] then redis.call("pexpire", KEYS[i], ARGV[2]) end end
return 1`;
const RELEASE_ALL = `local held = redis.call("mget", unpack(KEYS))
local mine = {}
for i, v in ipairs(held) do if v == ARGV[1] then mine[#mine + 1] = KEYS[i] end end
if #mine > 0 then redis.call("del", unpack(mine)) end
return #mine`;

const ALL_AT_ONCE_MS = 1_000;

const inOrder = <T>(redis: Redis, sorted: readonly string[], fn: () => Promise<T>, opts: LockOptions, i = 0): Promise<T> =>
  i >= sorted.length ? fn() : withLock(redis, sorted[i]!, () => inOrder(redis, sorted, fn, opts, i + 1), opts);

export const withLocks = async <T>(redis: Redis, keys: string[], fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> => {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return fn();
  if (sorted.length === 1) return withLock(redis, sorted[0]!, fn, opts);
  const ttlMs = opts.ttlMs ?? 10_000;
  const token = randomUUID();
  const lockKeys = sorted.map((k) => `lock:${k}`);
  const taken = await acquireWithin(
    () => redis.eval(ACQUIRE_ALL, lockKeys.length, ...lockKeys, token, String(ttlMs), String(ttlMs)),
    Math.min(ALL_AT_ONCE_MS, opts.waitMs ?? ALL_AT_ONCE_MS),
    () => new TransientError("LOCK.BUSY", `locks ${sorted.join(", ")} are held elsewhere`),
  ).then(() => true, (err: unknown) => {
    if (err instanceof TransientError && err.code === "LOCK.BUSY") return false;
    throw err;
  });
  // A set that needs hot keys free all at once can starve while single-key holders keep one of
  // them busy (measured: an order evaluation stuck for minutes under load). After a short try it
  // queues for them one by one in the global sorted order instead, holding what it has: no
  // cycle is possible, because every holder takes keys in that same order or all at once.
  if (!taken) return inOrder(redis, sorted, fn, opts);
  const keepAlive = setInterval(() => void redis.eval(EXTEND_ALL, lockKeys.length, ...lockKeys, token, String(ttlMs)).catch(() => undefined), ttlMs / 3);
  try {
    return await fn();
  } finally {
    clearInterval(keepAlive);
    await redis.eval(RELEASE_ALL, lockKeys.length, ...lockKeys, token).catch(() => undefined);
  }
};
