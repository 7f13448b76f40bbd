import type { Queue } from "bullmq";

export interface QueueLoad {
  /** Jobs waiting, active, prioritised or delayed (scheduler placeholders excluded). */
  busy: number;
  failed: number;
  perQueue: Record<string, number>;
}

/** Job schedulers keep their next run as a delayed job with an id starting "repeat:"; it is not work. */
const isSchedulerJob = (id: string | undefined): boolean => (id ?? "").startsWith("repeat:");

export const queueLoad = async (queues: readonly Queue[]): Promise<QueueLoad> => {
  const perQueue: Record<string, number> = {};
  let busy = 0;
  let failed = 0;
  for (const q of queues) {
    const c = await q.getJobCounts("waiting", "active", "prioritized", "waiting-children", "delayed", "failed");
    let delayed = c["delayed"] ?? 0;
    if (delayed > 0) delayed = (await q.getDelayed(0, delayed)).filter((j) => !isSchedulerJob(j.id)).length;
    const n = (c["waiting"] ?? 0) + (c["active"] ?? 0) + (c["prioritized"] ?? 0) + (c["waiting-children"] ?? 0) + delayed;
    perQueue[q.name] = n;
    busy += n;
    failed += c["failed"] ?? 0;
  }
  return { busy, failed, perQueue };
};

export interface QuietOptions {
  queues: () => readonly Queue[];
  /** Extra numbers that must stop changing too (e.g. stored orders, POs sent). */
  watch: () => Promise<number[]>;
  stableMs?: number;
  timeoutMs?: number;
  everyMs?: number;
  onTick?: (load: QueueLoad, watched: number[]) => void;
}

/**
 * Resolves once no queue holds work (waiting, active, delayed retries; scheduler placeholders do
 * not count) and the queue load and watched counts stayed the same for `stableMs`.
 */
export const waitForQuiet = async (o: QuietOptions): Promise<QueueLoad> => {
  const stableMs = o.stableMs ?? 2_000;
  const deadline = Date.now() + (o.timeoutMs ?? 15 * 60_000);
  let lastKey = "";
  let since = Date.now();
  for (;;) {
    const load = await queueLoad(o.queues());
    const watched = await o.watch();
    o.onTick?.(load, watched);
    const key = JSON.stringify([load.busy, load.failed, watched]);
    if (key !== lastKey) {
      lastKey = key;
      since = Date.now();
    } else if (load.busy === 0 && Date.now() - since >= stableMs) {
      return load;
    }
    if (Date.now() > deadline) throw new Error(`the pipeline did not become quiet in time; busy queues: ${JSON.stringify(load.perQueue)}`);
    await new Promise((r) => setTimeout(r, o.everyMs ?? 1_000));
  }
};
