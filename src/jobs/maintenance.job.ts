import { MaintenancePayloadSchema } from "./payloads.js";
import { Queues } from "./queue-names.js";
import { defineJob } from "./define-job.js";
import { reconcileStep } from "./steps/reconcile.step.js";
import type { PipelineDeps } from "./steps/pipeline-deps.js";

const DAY_MS = 86_400_000;

/** maintenance: reconciliation, personal-data purge, and the vendors' SFTP outbound polls. */
export const maintenanceJob = (
  deps: PipelineDeps,
  hooks: { inbound: (eventId: string) => Promise<void>; sftpPoll: (vendor: string) => Promise<number>; purgeOrders: (before: string) => Promise<number> },
) =>
  defineJob({
    queue: Queues.maintenance,
    schema: MaintenancePayloadSchema,
    run: async (p, _job, log) => {
      if (p.task === "reconcile") {
        const report = await reconcileStep(deps, hooks.inbound);
        log.info(report, "reconciled");
        return report;
      }
      if (p.task === "sftp-poll") return { events: await hooks.sftpPoll(p.vendor ?? "") };
      const before = new Date(deps.now().getTime() - deps.config.app.retention.personalDataDays * DAY_MS).toISOString();
      const purged = await deps.purchaseOrders.purgeAddresses(before);
      const orders = await hooks.purgeOrders(before);
      log.info({ purchaseOrders: purged, orders }, "personal data purged");
      return { purchaseOrders: purged, orders };
    },
  });
