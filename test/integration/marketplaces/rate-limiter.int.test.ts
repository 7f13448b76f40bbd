import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisRateLimiter } from "../../../src/connectors/http/rate-limiter.js";
import { createRedis } from "../../../src/shared/redis.js";
import { REDIS_URL } from "../../support/services.js";

describe("Redis token bucket shared by processes", () => {
  const a = createRedis(REDIS_URL);
  const b = createRedis(REDIS_URL);
  const prefix = `t-rl-${randomUUID().slice(0, 8)}`;
  afterAll(async () => {
    const keys = await a.keys(`${prefix}:*`);
    if (keys.length) await a.del(...keys);
    a.disconnect();
    b.disconnect();
  });

  it("two limiter instances on two connections together never exceed burst + rate × time", async () => {
    const spec = { capacity: 5, ratePerSec: 20 };
    const limiters = [createRedisRateLimiter(a, prefix), createRedisRateLimiter(b, prefix)];
    const grants: number[] = [];
    const start = Date.now();
    const worker = async (i: number) => {
      for (let n = 0; n < 15; n++) {
        await limiters[i % 2]!.take("shop:searchOrders", spec);
        grants.push(Date.now() - start);
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    const elapsed = (Date.now() - start) / 1000;
    expect(grants).toHaveLength(60);
    // 60 grants need (60 - 5) / 20 = 2.75 s at least; a broken limiter finishes at once.
    expect(elapsed).toBeGreaterThanOrEqual(2.6);
    for (const t of grants) {
      const allowed = spec.capacity + spec.ratePerSec * (t / 1000) + 1;
      expect(grants.filter((g) => g <= t).length).toBeLessThanOrEqual(allowed);
    }
  });
});
