import { Redis, type RedisOptions } from "ioredis";
import { TransientError } from "./errors.js";
import { serverOf } from "./server-address.js";

/**
 * Redis connections for BullMQ. Workers block on Redis, so BullMQ requires
 * maxRetriesPerRequest: null; reconnects continue forever with a capped delay so a Redis restart
 * is survived (the field reports of workers that stopped after a failover).
 */
export const createRedis = (url: string, extra: RedisOptions = {}): Redis =>
  new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(200 * attempt, 5_000),
    ...extra,
  });

/** Reconnects a one-shot command makes before its pending commands fail: about 4 s of waiting. */
const ONE_SHOT_RETRIES = 6;

/**
 * A connection for a one-shot CLI command. Reconnecting forever suits a worker, but made
 * `backorder po list` hang for good, printing "[ioredis] Unhandled error event" every few
 * seconds, while Redis was down: here reconnects stop after a few attempts, so pending commands
 * fail, and errors reach the caller through them instead of being printed by ioredis.
 */
export const createOneShotRedis = (url: string, extra: RedisOptions = {}): Redis => {
  const redis = createRedis(url, { connectTimeout: 2_000, retryStrategy: (attempt) => (attempt > ONE_SHOT_RETRIES ? null : Math.min(200 * attempt, 1_000)), ...extra });
  redis.on("error", () => undefined);
  return redis;
};

/**
 * Resolves once `redis` answers a PING; fails with REDIS.UNREACHABLE (retryable: exit 75 in the
 * CLI) after `timeoutMs`, naming the last connection error, whatever the client's retry policy.
 */
export const assertRedisReachable = async (redis: Redis, url: string, timeoutMs = 5_000): Promise<void> => {
  let last: Error | undefined;
  const remember = (err: Error): void => void (last = err);
  redis.on("error", remember);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), deadline]);
  } catch (err) {
    const reason = last ?? (err as Error);
    throw new TransientError("REDIS.UNREACHABLE", `Redis at ${serverOf(url)} is unreachable: ${reason.message}`, { server: serverOf(url) }, { cause: reason });
  } finally {
    clearTimeout(timer);
    redis.off("error", remember);
  }
};

/** BullMQ loses jobs under an evicting policy; refuse to run on one. */
export const checkEvictionPolicy = async (redis: Redis): Promise<string | null> => {
  try {
    const reply = (await redis.config("GET", "maxmemory-policy")) as unknown as string[];
    const policy = reply[1] ?? "unknown";
    return policy === "noeviction" ? null : `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction"`;
  } catch {
    return null; // managed Redis may forbid CONFIG; nothing to check then
  }
};
