import type { Queue } from "bullmq";
import type { Logger } from "pino";
import type { LoadedConfig } from "../config/load-config.js";
import { Queues, ingestQueue, jobIdOf } from "./queue-names.js";
import { lastCutoff } from "./schedule-window.js";

/**
 * Upserts one job scheduler per channel poll and per vendor cut-off from config, and removes
 * schedulers no longer in config. Scheduler ids are deterministic, so several processes upserting
 * at start converge on one (field reports C21, C23); the batch itself is idempotent per window.
 */
export const syncSchedules = async (config: LoadedConfig, queue: (name: string) => Queue, log: Logger, now: Date): Promise<void> => {
  const wanted = new Map<string, Set<string>>();
  const want = (q: string, id: string) => wanted.set(q, (wanted.get(q) ?? new Set()).add(id));
  for (const c of config.channels.filter((x) => x.enabled)) {
    const id = `poll.${c.id}`;
    want(ingestQueue(c.id), id);
    await queue(ingestQueue(c.id)).upsertJobScheduler(id, { pattern: c.poll.cron, tz: c.poll.timeZone }, { name: "poll", data: { kind: "poll", channel: c.id } });
  }
  for (const v of config.vendors.filter((x) => x.enabled)) {
    const id = `batch.${v.id}`;
    want(Queues.batch, id);
    await queue(Queues.batch).upsertJobScheduler(id, { pattern: v.schedule.cron, tz: v.schedule.timeZone }, { name: "batch", data: { vendor: v.id, trigger: "schedule" } });
    // A window missed while no process ran is closed once now; its id collapses with a second start.
    const cutoff = lastCutoff(v.schedule.cron, v.schedule.timeZone, now);
    await queue(Queues.batch).add("batch", { vendor: v.id, windowStart: cutoff, trigger: "catch-up" }, { jobId: jobIdOf("batch", v.id, Date.parse(cutoff)) });
  }
  for (const v of config.vendors.filter((x) => x.enabled && x.transport.kind === "sftp")) {
    const id = `sftp-poll.${v.id}`;
    want(Queues.maintenance, id);
    const cron = v.transport.kind === "sftp" ? v.transport.pollCron : "*/10 * * * *";
    await queue(Queues.maintenance).upsertJobScheduler(id, { pattern: cron }, { name: "sftp-poll", data: { task: "sftp-poll", vendor: v.id } });
  }
  want(Queues.maintenance, "reconcile");
  await queue(Queues.maintenance).upsertJobScheduler("reconcile", { pattern: config.app.reconcile.cron }, { name: "reconcile", data: { task: "reconcile" } });
  want(Queues.maintenance, "purge-personal-data");
  await queue(Queues.maintenance).upsertJobScheduler("purge-personal-data", { pattern: "17 3 * * *" }, { name: "purge", data: { task: "purge-personal-data" } });
  for (const [name, ids] of wanted) {
    for (const s of await queue(name).getJobSchedulers()) {
      if (s.key && !ids.has(s.key)) {
        await queue(name).removeJobScheduler(s.key);
        log.info({ queue: name, scheduler: s.key }, "removed schedule no longer in config");
      }
    }
  }
  log.info({ schedulers: [...wanted.values()].reduce((n, s) => n + s.size, 0) }, "schedules in place");
};
