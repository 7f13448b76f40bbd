import { Redis, type RedisOptions } from "ioredis";

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
