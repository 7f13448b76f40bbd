import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { createRedis } from "../../../src/shared/redis.js";
import { REDIS_URL } from "../../support/services.js";

export const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** Polls until `probe` returns a value other than undefined, or fails after `ms`. */
export const waitFor = async <T>(probe: () => Promise<T | undefined>, ms = 10_000, what = "condition"): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** A Redis prefix of the file's own, and the queues made under it, removed afterwards. */
export const isolatedQueues = (label: string) => {
  const prefix = `t-${label}-${randomUUID().slice(0, 8)}`;
  const redis: Redis = createRedis(REDIS_URL);
  const closers: (() => Promise<unknown>)[] = [];
  const queue = (name: string): Queue => {
    const q = new Queue(name, { connection: createRedis(REDIS_URL), prefix });
    closers.push(() => q.close());
    return q;
  };
  const worker = (name: string, fn: ConstructorParameters<typeof Worker>[1]): Worker => {
    const w = new Worker(name, fn, { connection: createRedis(REDIS_URL), prefix });
    closers.unshift(() => w.close());
    return w;
  };
  const cleanup = async (): Promise<void> => {
    for (const close of closers) await close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  };
  return { prefix, redis, queue, worker, cleanup };
};

/** Adds a job whose one attempt throws, and waits until BullMQ records it as failed. */
export const addFailedJob = async (
  env: ReturnType<typeof isolatedQueues>,
  queue: Queue,
  jobId: string,
): Promise<void> => {
  const worker = env.worker(queue.name, async () => {
    throw new Error("[SUPPLIER.DOWN] supplier answered 500");
  });
  await queue.add("push", { poId: jobId }, { jobId, attempts: 1 });
  await waitFor(async () => ((await queue.getJobState(jobId)) === "failed" ? true : undefined), 10_000, `${jobId} to fail`);
  await worker.close();
};
