import type { PipelineDeps } from "./pipeline-deps.js";

/** Where an order stands in the queue for stock: the order `waitingFor` returns (priority, placed, id). */
interface QueuePlace {
  _id: string;
  priority: number;
  placedAt: string;
}

const isAfter = (a: QueuePlace, b: QueuePlace): boolean =>
  a.priority !== b.priority ? a.priority > b.priority : a.placedAt !== b.placedAt ? a.placedAt > b.placedAt : a._id > b._id;

/** The force marker of a look queued for stock of `sku`; `waitingSkuOf` reads it back. */
const WAIT = "wait:";
const marker = (sku: string, seq: number): string => `${WAIT}${sku}.${seq}`;
export const waitingSkuOf = (force: string | undefined): string | null =>
  force?.startsWith(WAIT) && force.lastIndexOf(".") > WAIT.length ? force.slice(WAIT.length, force.lastIndexOf(".")) : null;

/**
 * Stock became available for these SKUs (a receipt's surplus, a cancellation, an edit down, a
 * stock count): the orders still waiting for them get a new look, oldest first. Only the first
 * waiting order of each SKU is queued here; when its look is done and units are still free, the
 * next one is queued (`continueWaiting`). Looks queued all at once ran side by side on several
 * workers and a newer order could take the units an older one was owed. Each look's job id names
 * the SKU and the order's evaluation sequence, so a burst of triggers queues one look per order
 * state. Returns how many orders were queued.
 */
export const requeueWaiting = async (deps: PipelineDeps, skus: readonly string[], except?: string, after?: QueuePlace): Promise<number> => {
  const orders = new Set<string>();
  for (const sku of new Set(skus)) {
    const next = (await deps.evaluations.waitingFor(sku)).find((ev) => ev._id !== except && (!after || isAfter(ev, after)));
    if (!next) continue;
    await deps.next.evaluate({ channel: next.channel, externalId: next.externalId, version: next.version, force: marker(sku, next.seq) });
    orders.add(next._id);
  }
  return orders.size;
};

/**
 * After a look queued for stock of `sku`: if units of it are still free at the order's channel's
 * locations, the next waiting order after this one gets its look. The chain ends when the units
 * run out or the queue does; it never returns to an order before this one, so it cannot cycle.
 */
export const continueWaiting = async (deps: PipelineDeps, sku: string, key: string): Promise<void> => {
  const ev = await deps.evaluations.get(key);
  if (!ev) return;
  const locations = deps.config.channels.find((c) => c.id === ev.channel)?.locations ?? ["main"];
  const { levels } = await deps.stock.read(locations.map((location) => ({ sku, location })));
  if (!levels.some((l) => l.onHand - l.committed > 0)) return;
  await requeueWaiting(deps, [sku], key, ev);
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
