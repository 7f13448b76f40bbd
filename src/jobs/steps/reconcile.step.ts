import { issueLeftDrafts } from "./batch-vendor.step.js";
import type { PipelineDeps } from "./pipeline-deps.js";

export interface ReconcileReport {
  evaluations: number;
  pushes: number;
  inbound: number;
  syncs: number;
}

/**
 * Rebuilds queued work from what MongoDB says is unfinished, so a lost Redis, a crash between two
 * steps or a missed webhook never leaves anything behind. Every enqueue uses the deterministic job
 * id of that work, so running this while the pipeline is busy adds no duplicates.
 */
export const reconcileStep = async (deps: PipelineDeps, enqueueInbound: (eventId: string) => Promise<void>): Promise<ReconcileReport> => {
  const report: ReconcileReport = { evaluations: 0, pushes: 0, inbound: 0, syncs: 0 };
  const evaluated = new Map((await deps.evaluations.list()).map((e) => [e._id, e]));
  for (const order of await deps.orders.listOrders({})) {
    const ev = evaluated.get(`${order.channel}:${order.externalId}`);
    if (!ev || ev.pending || ev.version < order.version) {
      await deps.next.evaluate({ channel: order.channel, externalId: order.externalId, version: order.version });
      report.evaluations++;
    }
  }
  for (const ev of evaluated.values()) {
    if (ev.syncedHoldSeq < ev.holdSeq) {
      await deps.next.channelSync({ channel: ev.channel, externalId: ev.externalId, hold: ev.onHold, holdSeq: ev.holdSeq });
      report.syncs++;
    }
  }
  for (const vendor of deps.config.vendors) await issueLeftDrafts(deps, vendor.id);
  for (const po of await deps.purchaseOrders.list({ state: "issued" })) {
    if (po.delivery.state !== "sent") {
      await deps.next.push({ poNumber: po.poNumber });
      report.pushes++;
    }
  }
  for (const ev of await deps.supplierEvents.unapplied()) {
    await enqueueInbound(ev._id);
    report.inbound++;
  }
  return report;
};
