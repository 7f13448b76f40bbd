import { describe, expect, it } from "vitest";
import { createOneShotRedis, createRedis } from "./redis.js";
import { serverOf } from "./server-address.js";

const retryOf = (redis: ReturnType<typeof createRedis>) => {
  const strategy = redis.options.retryStrategy as (attempt: number) => number | null;
  redis.disconnect();
  return strategy;
};

describe("Redis reconnects", () => {
  it("the service's connections reconnect forever, so workers outlive a Redis restart", () => {
    const retry = retryOf(createRedis("redis://127.0.0.1:1", { lazyConnect: true }));
    for (const attempt of [1, 10, 1_000, 1_000_000]) expect(retry(attempt)).toBeGreaterThan(0);
    expect(retry(1_000_000)).toBeLessThanOrEqual(5_000);
  });

  it("regression: one-shot commands hung for good with Redis down; their connections give up within seconds", () => {
    const retry = retryOf(createOneShotRedis("redis://127.0.0.1:1", { lazyConnect: true }));
    const delays: number[] = [];
    for (let attempt = 1, d = retry(attempt); d !== null; d = retry(++attempt)) delays.push(d);
    expect(delays.length).toBeGreaterThan(0);
    expect(delays.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5_000);
  });

  it("names a server by host and port only", () => {
    expect(serverOf("redis://:pw@10.0.0.5:6380/2")).toBe("10.0.0.5:6380");
    expect(serverOf("mongodb://ops:s3cret@db1:27017,db2:27017/backorder?replicaSet=rs0")).toBe("db1:27017,db2:27017");
    expect(serverOf("mongodb+srv://cluster0.example.net")).toBe("cluster0.example.net");
  });
});
