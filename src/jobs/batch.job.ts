import { BatchPayloadSchema } from "./payloads.js";
import { Queues } from "./queue-names.js";
import { defineJob } from "./define-job.js";
import { batchVendorStep } from "./steps/batch-vendor.step.js";
import { lastCutoff } from "./schedule-window.js";
import type { PipelineDeps } from "./steps/pipeline-deps.js";

/**
 * backorders.batch: closes one vendor's window. The window is named by its cut-off: the last
 * firing of the vendor's cron at or before now, so a window fired twice, or caught up after a
 * restart, names the same batch key and makes one PO.
 */
export const batchJob = (deps: PipelineDeps) =>
  defineJob({
    queue: Queues.batch,
    schema: BatchPayloadSchema,
    run: async (p, _job, log) => {
      const vendor = deps.config.vendors.find((v) => v.id === p.vendor);
      const cutoff = p.windowStart ?? (vendor ? lastCutoff(vendor.schedule.cron, vendor.schedule.timeZone, deps.now()) : deps.now().toISOString());
      const outcome = await batchVendorStep(deps, p.vendor, cutoff);
      log.info({ vendor: p.vendor, cutoff, ...outcome }, "batch window closed");
      return outcome;
    },
  });
