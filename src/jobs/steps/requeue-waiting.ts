import type { PipelineDeps } from "./pipeline-deps.js";

/**
 * Stock became available for these SKUs (a receipt, a cancellation, an edit down): the orders
 * still waiting for them get a new look, oldest first. Each re-evaluation's job id names the SKU
 * and the order's evaluation sequence, so a burst of triggers queues one look per order state.
 * Returns how many orders were queued.
 */
export const requeueWaiting = async (deps: PipelineDeps, skus: readonly string[], except?: string): Promise<number> => {
  const orders = new Set<string>();
  for (const sku of new Set(skus)) {
    for (const ev of await deps.evaluations.waitingFor(sku)) {
      if (ev._id === except) continue;
      await deps.next.evaluate({ channel: ev.channel, externalId: ev.externalId, version: ev.version, force: `${sku}.${ev.seq}` });
      orders.add(ev._id);
    }
  }
  return orders.size;
};

/**
 * Offers arrived for these SKUs (a catalogue import): every order with a line that found no vendor
 * for one of them is evaluated again, so the line gets a vendor and is bought in the next window
 * instead of staying a "no offer" exception for good. The job id names the evaluation sequence:
 * importing the same catalogue twice queues one look per order state.
 */
export const requeueForOffers = async (deps: PipelineDeps, skus: readonly string[]): Promise<number> => {
  const orders = [...new Set((await deps.backorders.exceptionsFor(skus)).map((l) => l.order))];
  let queued = 0;
  for (const key of orders) {
    const ev = await deps.evaluations.get(key);
    if (!ev) continue;
    await deps.next.evaluate({ channel: ev.channel, externalId: ev.externalId, version: ev.version, force: `offers.${ev.seq}` });
    queued++;
  }
  return queued;
};
