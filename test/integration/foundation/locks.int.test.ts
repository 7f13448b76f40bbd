import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withLock, withLocks } from "../../../src/shared/lock.js";
import { createRedis } from "../../../src/shared/redis.js";
import { REDIS_URL } from "../../support/services.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("lease locks on Redis", () => {
  const redis = createRedis(REDIS_URL);
  const p = `t-locks-${Date.now()}`;
  beforeAll(async () => {
    await redis.ping();
  });
  afterAll(async () => {
    const keys = await redis.keys(`lock:${p}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("never lets a set and a single lock on a shared key run at once", async () => {
    let inside = 0;
    let overlap = 0;
    const critical = async () => {
      inside++;
      if (inside > 1) overlap++;
      await sleep(3);
      inside--;
    };
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 3 === 0
          ? withLock(redis, `${p}:sku:b`, critical)
          : withLocks(redis, i % 3 === 1 ? [`${p}:order:${i}`, `${p}:sku:b`, `${p}:sku:a`] : [`${p}:sku:c`, `${p}:sku:b`], critical),
      ),
    );
    expect(overlap).toBe(0);
    expect(await redis.keys(`lock:${p}:*`)).toEqual([]);
  });

  it("takes all keys of a set or none, and releases only its own", async () => {
    let release!: () => void;
    const holding = withLock(redis, `${p}:sku:y`, () => new Promise<void>((r) => (release = r)));
    await sleep(20);
    let ran = false;
    const waiting = withLocks(redis, [`${p}:sku:x`, `${p}:sku:y`], async () => void (ran = true), { waitMs: 5_000 });
    await sleep(100);
    // While y is held elsewhere the set holds nothing: x stays free for others.
    expect(await redis.exists(`lock:${p}:sku:x`)).toBe(0);
    await withLock(redis, `${p}:sku:x`, async () => undefined, { waitMs: 200 });
    expect(ran).toBe(false);
    release();
    await holding;
    await waiting;
    expect(ran).toBe(true);
    expect(await redis.keys(`lock:${p}:*`)).toEqual([]);
    // A set whose lease lapsed and was taken over deletes nothing of the new holder's.
    await withLocks(redis, [`${p}:sku:m`, `${p}:sku:n`], async () => {
      await redis.set(`lock:${p}:sku:n`, "someone-else");
    });
    expect(await redis.get(`lock:${p}:sku:n`)).toBe("someone-else");
    expect(await redis.exists(`lock:${p}:sku:m`)).toBe(0);
  });

  it("gets a set of hot keys even while single-key holders never leave them all free at once", async () => {
    let stop = false;
    // Busy keys, as under load: each is held 30 ms of every 40, and the free gaps of a and b do
    // not overlap, so a set asking for both at once would wait for a moment that never comes.
    const churn = (key: string, offset: number) =>
      (async () => {
        await sleep(offset);
        while (!stop) {
          await withLock(redis, `${p}:hot:${key}`, () => sleep(30));
          await sleep(10);
        }
      })();
    const churners = [churn("a", 0), churn("b", 20)];
    await sleep(50);
    const started = Date.now();
    let got = false;
    await withLocks(redis, [`${p}:hot:a`, `${p}:hot:b`], async () => void (got = true), { waitMs: 8_000 });
    stop = true;
    await Promise.all(churners);
    expect(got).toBe(true);
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it("gives up with a retryable LOCK.BUSY when a key stays held", async () => {
    await redis.set(`lock:${p}:sku:held`, "other", "PX", 5_000);
    await expect(withLocks(redis, [`${p}:sku:free`, `${p}:sku:held`], async () => undefined, { waitMs: 150 })).rejects.toMatchObject({ code: "LOCK.BUSY", retryable: true });
    expect(await redis.exists(`lock:${p}:sku:free`)).toBe(0);
  });
});
