import { IllegalTransitionError } from "../../domain/errors.js";
import { transitionPo } from "../../domain/po-state.js";
import { Queues, jobIdOf } from "../../jobs/queue-names.js";
import type { StoredPurchaseOrder } from "../../persistence/pipeline/purchase-order.repository.js";
import { supplierEventId } from "../../persistence/pipeline/supplier-event.repository.js";
import { PermanentError } from "../../shared/errors.js";
import { withLock } from "../../shared/lock.js";
import { NotFoundError, UsageError } from "./cli-errors.js";
import type { Core } from "./with-core.js";

export const loadPo = async (core: Core, poNumber: string): Promise<StoredPurchaseOrder> => {
  const po = await core.deps.purchaseOrders.get(poNumber);
  if (!po) throw new NotFoundError(`purchase order ${poNumber} does not exist`);
  return po;
};

/**
 * Sends a PO again. The push step skips POs whose delivery is `sent`, so the delivery record goes
 * back to `pending` first; the job gets a fresh id because the original push job id still
 * collapses duplicates. Transports key the send by PO number, so the vendor can recognise it.
 */
export const resendPo = async (core: Core, poNumber: string): Promise<{ jobId: string; previous: string }> =>
  withLock(core.redis, `po:${poNumber}`, async () => {
    const po = await loadPo(core, poNumber);
    if (po.state !== "issued") throw new PermanentError("PO.NOT_ISSUED", `PO ${poNumber} is ${po.state}; only issued POs are pushed to the vendor`);
    if (po.delivery.state === "sending") throw new PermanentError("PO.PUSH_IN_PROGRESS", `PO ${poNumber} is being sent right now (since ${po.delivery.sendingSince ?? "?"}); wait for the outcome`);
    const now = core.deps.now().toISOString();
    const resends = (await core.deps.events.forRef(poNumber)).filter((e) => e.what === "resend").length;
    const queue = core.runtime.queue(Queues.push);
    let n = resends + 1;
    while (await queue.getJob(jobIdOf("push", poNumber, "resend", n))) n++;
    const jobId = jobIdOf("push", poNumber, "resend", n);
    await core.deps.purchaseOrders.setDelivery(poNumber, { ...po.delivery, state: "pending", sendingSince: undefined }, undefined, now);
    await core.deps.events.append([{ id: `po:${poNumber}:resend:${n}`, at: now, entity: "po", ref: poNumber, what: "resend", from: po.delivery.state, to: "pending", why: "operator: backorder po resend" }]);
    await queue.add(Queues.push, { poNumber }, { jobId });
    return { jobId, previous: po.delivery.state };
  });

const CANCELLABLE = new Set(["draft", "issued"]);

/** Cancels a PO that the vendor has not confirmed yet; the orders it covered get a new evaluation. */
export const cancelPo = async (core: Core, poNumber: string): Promise<{ from: string; orders: string[] }> =>
  withLock(core.redis, `po:${poNumber}`, async () => {
    const po = await loadPo(core, poNumber);
    // Once acknowledged the vendor is committed: cancelling is a conversation, not a command.
    if (!CANCELLABLE.has(po.state)) throw new IllegalTransitionError("PO", po.state, "cancelled", poNumber);
    const state = transitionPo(po.state, "cancelled", poNumber);
    const now = core.deps.now().toISOString();
    await core.deps.purchaseOrders.save({ ...po, state, updatedAt: now });
    await core.deps.events.append([{ id: `po:${poNumber}:cancelled`, at: now, entity: "po", ref: poNumber, what: "state", from: po.state, to: state, why: "operator: backorder po cancel" }]);
    const orders = [...new Set(po.lines.flatMap((l) => l.covers.map((c) => c.order)))];
    for (const order of orders) {
      const ev = await core.deps.evaluations.get(order);
      if (ev) await core.deps.next.evaluate({ channel: ev.channel, externalId: ev.externalId, version: ev.version, force: `cancel.${poNumber}` });
    }
    return { from: po.state, orders };
  });

const RECEIVABLE = new Set(["issued", "acknowledged", "partially_received"]);

export interface ReceiveInput {
  poNumber: string;
  sku: string;
  quantity: number;
  location?: string | undefined;
  reference?: string | undefined;
}

/** Records a goods receipt typed in by an operator as a supplier event, then queues its application. */
export const receivePo = async (core: Core, input: ReceiveInput): Promise<{ eventId: string; recorded: "new" | "duplicate"; lineNo: number }> => {
  const po = await loadPo(core, input.poNumber);
  if (!RECEIVABLE.has(po.state)) throw new PermanentError("PO.NOT_RECEIVABLE", `PO ${po.poNumber} is ${po.state}; receipts apply to issued, acknowledged or partially received POs`);
  const line = po.lines.find((l) => l.sku === input.sku) ?? po.lines.find((l) => l.vendorSku === input.sku);
  if (!line) throw new NotFoundError(`PO ${po.poNumber} has no line for SKU ${input.sku} (lines: ${po.lines.map((l) => l.sku).join(", ")})`);
  if (input.location && (po.shipTo.kind !== "warehouse" || po.shipTo.location !== input.location)) {
    throw new UsageError(`PO ${po.poNumber} is delivered to ${po.shipTo.kind === "warehouse" ? `location ${po.shipTo.location}` : "the customer (drop-ship)"}, not ${input.location}`);
  }
  const receivedAt = core.deps.now().toISOString();
  const content = { poNumber: po.poNumber, lineNo: line.lineNo, quantity: input.quantity };
  // The same --ref is the same receipt (a retyped command records nothing new); without one, each run is new.
  const eventId = supplierEventId("manual", po.vendor, content, input.reference ?? receivedAt);
  const event = { kind: "receipt", eventId, source: "http", poNumber: po.poNumber, receivedAt, lines: [{ lineNo: line.lineNo, vendorSku: line.vendorSku, quantity: input.quantity }] };
  const recorded = await core.deps.supplierEvents.record({ _id: eventId, source: "manual", vendor: po.vendor, poNumber: po.poNumber, event, receivedAt });
  // Queued either way: the job id collapses a duplicate, and a lost enqueue is repaired by re-running.
  await core.enqueueInbound({ eventId });
  return { eventId, recorded, lineNo: line.lineNo };
};
