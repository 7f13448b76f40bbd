import { Queue, Worker, type ConnectionOptions } from "bullmq";
import type { Logger } from "pino";
import type { AppConfig } from "../config/app.schema.js";
import { backoffDelay, BACKOFF_NAME } from "./backoff.js";
import { toProcessor, type JobSpec } from "./define-job.js";

/** Queues and workers of one process, with the retention and retry settings from config. */
export interface QueueRuntime {
  queue(name: string): Queue;
  queues(): Queue[];
  startWorker<P>(spec: JobSpec<P>): Worker;
  close(timeoutMs: number): Promise<void>;
}

export const createQueueRuntime = (opts: {
  connection: () => ConnectionOptions;
  app: AppConfig;
  log: Logger;
  /**
   * BullMQ job lock (and stalled-check interval); BullMQ's 30 s when absent. A crashed worker's
   * jobs are taken over only after it lapses, so the reliability trials shorten it.
   */
  lockDurationMs?: number | undefined;
}): QueueRuntime => {
  const q = opts.app.queues;
  // BullMQ never closes a connection it was handed as an instance, so the runtime closes what it opened.
  const opened: ConnectionOptions[] = [];
  const connection = (): ConnectionOptions => {
    const c = opts.connection();
    opened.push(c);
    return c;
  };
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  const queue = (name: string): Queue => {
    let existing = queues.get(name);
    if (!existing) {
      existing = new Queue(name, {
        connection: connection(),
        prefix: q.prefix,
        defaultJobOptions: {
          attempts: q.attempts,
          backoff: { type: BACKOFF_NAME },
          // Bounded retention (field report C24): Redis must never fill with finished jobs.
          removeOnComplete: { count: q.keepCompleted, age: 7 * 86_400 },
          removeOnFail: { count: q.keepFailed, age: 30 * 86_400 },
        },
      });
      queues.set(name, existing);
    }
    return existing;
  };
  const startWorker = <P>(spec: JobSpec<P>): Worker => {
    // The processor needs its own worker (to pause it on a rate limit), which exists only after.
    const self: { worker?: Worker } = {};
    const worker = new Worker(spec.queue, toProcessor(spec, () => self.worker, opts.log), {
      connection: opts.connection(),
      prefix: q.prefix,
      concurrency: q.concurrency[spec.queue] ?? 1,
      settings: { backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) => backoffDelay(attemptsMade, err, q.backoffMs) },
      // A job whose worker died is taken over; only one that keeps killing workers fails for good.
      maxStalledCount: 5,
      ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs, stalledInterval: opts.lockDurationMs } : {}),
    });
    self.worker = worker;
    worker.on("error", (err) => opts.log.error({ err, queue: spec.queue }, "worker error"));
    workers.push(worker);
    return worker;
  };
  const close = async (timeoutMs: number): Promise<void> => {
    // Finish active jobs if they end in time; otherwise let their locks lapse so another
    // process takes them over (BullMQ's stalled-job check) — nothing is lost either way.
    const graceful = Promise.all(workers.map((w) => w.close()));
    const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs).unref());
    if ((await Promise.race([graceful, timer])) === "timeout") await Promise.all(workers.map((w) => w.close(true)));
    await Promise.all([...queues.values()].map((x) => x.close()));
    for (const c of opened) if (typeof (c as { disconnect?: unknown }).disconnect === "function") (c as { disconnect(): void }).disconnect();
  };
  return { queue, queues: () => [...queues.values()], startWorker, close };
};
