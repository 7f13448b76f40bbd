import type { PipelineDeps } from "./pipeline-deps.js";

/**
 * Stock became available for these SKUs (a receipt, a cancellation, an edit down): the orders
 * still waiting for them get a new look, oldest first. Each re-evaluation's job id names the SKU
 * and the order's evaluation sequence, so a burst of triggers queues one look per order state.
 */
export const requeueWaiting = async (deps: PipelineDeps, skus: readonly string[], except?: string): Promise<void> => {
  for (const sku of new Set(skus)) {
    for (const ev of await deps.evaluations.waitingFor(sku)) {
      if (ev._id === except) continue;
      await deps.next.evaluate({ channel: ev.channel, externalId: ev.externalId, version: ev.version, force: `${sku}.${ev.seq}` });
    }
  }
};
