import { Queue, QueueEvents, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../../src/shared/redis.js";
import { REDIS_URL, isolatedServices } from "../../support/services.js";

describe("BullMQ on the real Redis", () => {
  let env: Awaited<ReturnType<typeof isolatedServices>>;
  beforeAll(async () => {
    env = await isolatedServices("bullmq");
  });
  afterAll(async () => env.cleanup());

  it("adds, processes and completes a job, and collapses a duplicate job id", async () => {
    const connection = createRedis(REDIS_URL);
    const queue = new Queue("smoke", { connection, prefix: env.prefix });
    const events = new QueueEvents("smoke", { connection: createRedis(REDIS_URL), prefix: env.prefix });
    const seen: number[] = [];
    const worker = new Worker(
      "smoke",
      async (job) => {
        seen.push(job.data.n as number);
        return job.data.n * 2;
      },
      { connection: createRedis(REDIS_URL), prefix: env.prefix },
    );
    await events.waitUntilReady();
    const job = await queue.add("double", { n: 21 }, { jobId: "order-1.v1" });
    await queue.add("double", { n: 99 }, { jobId: "order-1.v1" });
    expect(await job.waitUntilFinished(events, 10_000)).toBe(42);
    expect(seen).toEqual([21]);
    await worker.close();
    await events.close();
    await queue.close();
    connection.disconnect();
  });
});
