import type { Redis } from "ioredis";

/**
 * A token bucket kept in Redis and changed only inside one Lua script, so any number of processes
 * share one budget (field case C25: per-process retries ignore a shared quota). Time comes from the
 * Redis server (TIME), so the processes' clocks need not agree. Returns 0 when a token was taken,
 * else the milliseconds until one will be there.
 */
const TAKE = `
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
local wait = 0
if tokens >= cost then tokens = tokens - cost else wait = math.ceil((cost - tokens) / per_ms) end
redis.call('HSET', key, 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', key, math.ceil(capacity / per_ms) + 60000)
return wait
`;

export interface BucketSpec {
  /** Tokens the bucket holds when full (the documented burst times the budget share). */
  capacity: number;
  /** Tokens added per second (the documented rate times the budget share). */
  ratePerSec: number;
}

export interface RateLimiter {
  /** Resolves once `cost` tokens were taken from `key`; waits as long as the bucket says. */
  take(key: string, spec: BucketSpec, cost?: number, signal?: AbortSignal): Promise<{ waitedMs: number }>;
  /** One attempt, no waiting: 0 when taken, else the wait in ms. */
  tryTake(key: string, spec: BucketSpec, cost?: number): Promise<number>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), reject(signal.reason as Error)), { once: true });
  });

export const createRedisRateLimiter = (redis: Redis, prefix = "ratelimit"): RateLimiter => {
  const tryTake: RateLimiter["tryTake"] = async (key, spec, cost = 1) => {
    if (cost > spec.capacity) throw new Error(`cost ${cost} can never fit a bucket of ${spec.capacity}`);
    const res = await redis.eval(TAKE, 1, `${prefix}:${key}`, spec.capacity, spec.ratePerSec / 1000, cost);
    return Number(res);
  };
  return {
    tryTake,
    async take(key, spec, cost = 1, signal) {
      let waitedMs = 0;
      for (;;) {
        signal?.throwIfAborted();
        const wait = await tryTake(key, spec, cost);
        if (wait === 0) return { waitedMs };
        await sleep(wait, signal);
        waitedMs += wait;
      }
    },
  };
};

/** The share of a documented bucket this service may use (channel `budgetShare`). */
export const shareOf = (spec: BucketSpec, share: number): BucketSpec => ({
  capacity: Math.max(1, Math.floor(spec.capacity * share)),
  ratePerSec: spec.ratePerSec * share,
});
