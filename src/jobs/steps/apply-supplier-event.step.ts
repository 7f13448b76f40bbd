import type { LineAllocation } from "../../domain/allocation.js";
import { applyAcknowledgement } from "../../domain/acknowledgement.js";
import { allocateReceived, applyReceipt, type ReceivedAllocation } from "../../domain/receiving.js";
import type { PurchaseOrder } from "../../domain/purchase-order.js";
import { matchPoLine, type SupplierEvent } from "../../connectors/suppliers/events.js";
import { PermanentError, TransientError } from "../../shared/errors.js";
import { crashPoint } from "../../shared/crash-points.js";
import { withLock, withLocks } from "../../shared/lock.js";
import type { StoredPurchaseOrder } from "../../persistence/pipeline/purchase-order.repository.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { requeueWaiting } from "./requeue-waiting.js";

const lineNos = (po: PurchaseOrder, lines: readonly { lineNo?: number; vendorSku?: string; quantity: number }[]) =>
  lines.flatMap((l) => {
    const match = matchPoLine(po, l);
    return match ? [{ lineNo: match.lineNo, quantity: l.quantity }] : [];
  });

/**
 * Applies one stored supplier event (acknowledgement, ship notice, receipt) to its PO, stock and
 * waiting orders. The event document is the idempotency record: applied once, and every stock
 * change inside carries the event id as its operation id.
 */
export const applySupplierEventStep = async (deps: PipelineDeps, eventId: string): Promise<"applied" | "already-applied"> => {
  const stored = await deps.supplierEvents.get(eventId);
  if (!stored) throw new PermanentError("INBOUND.EVENT_NOT_FOUND", `supplier event ${eventId} does not exist`);
  if (stored.applied) return "already-applied";
  const event = stored.event as unknown as SupplierEvent;
  // The PO's Redis lock, and a durable lease: two events of one PO applied side by side (a lock
  // lost with a Redis restart) would each consume the same covers.
  const grants = await deps.leases.withLease(`po:${stored.poNumber}`, () => withLock(deps.redis, `po:${stored.poNumber}`, async () => {
    const po = await deps.purchaseOrders.get(stored.poNumber);
    if (!po) throw new PermanentError("INBOUND.UNKNOWN_PO", `event ${eventId} names unknown PO ${stored.poNumber}`);
    // Every path that records events (callbacks, SFTP files, manual receipts) names the vendor it
    // came from; one vendor's event must never move another vendor's PO, stock or orders.
    if (stored.vendor !== po.vendor) throw new PermanentError("INBOUND.VENDOR_MISMATCH", `event ${eventId} from vendor ${stored.vendor} names PO ${po.poNumber} of vendor ${po.vendor}`);
    return applyToPo(deps, eventId, po, event);
  }));
  if (grants.allocations.length > 0) crashPoint("receipt-mid-allocation");
  const released = await grantToOrders(deps, eventId, grants);
  await deps.supplierEvents.markApplied(eventId, deps.now().toISOString());
  await requeueWaiting(deps, grants.skus);
  deps.log.info({ eventId, kind: event.kind, poNumber: stored.poNumber, released: released.length }, "supplier event applied");
  return "applied";
};

interface Grants {
  allocations: ReceivedAllocation[];
  skus: string[];
}

const applyToPo = async (deps: PipelineDeps, eventId: string, po: StoredPurchaseOrder, event: SupplierEvent): Promise<Grants> => {
  const at = deps.now().toISOString();
  if (event.kind === "acknowledgement") {
    const ack = event.lines.flatMap((l) => {
      const m = matchPoLine(po, l);
      const confirmed = l.status === "rejected" ? 0 : l.quantity;
      return m ? [{ lineNo: m.lineNo, confirmedQuantity: confirmed, expectedAt: l.expectedAt }] : [];
    });
    const result = applyAcknowledgement(po, ack);
    await deps.purchaseOrders.save({ ...po, ...result.purchaseOrder, updatedAt: at });
    await deps.events.append([{ id: `${eventId}:ack`, at, entity: "po", ref: po.poNumber, what: "acknowledged", from: po.state, to: result.purchaseOrder.state, data: { released: result.released.length } }]);
    return { allocations: [], skus: [] };
  }
  if (event.kind === "shipment" && po.shipTo.kind === "warehouse") {
    const lines = po.lines.map((l) => ({ ...l, expectedAt: event.expectedAt ?? l.expectedAt }));
    await deps.purchaseOrders.save({ ...po, lines, updatedAt: at });
    return { allocations: [], skus: [] };
  }
  // A receipt at our warehouse, or a drop-ship vendor's ship notice (the customer gets the goods).
  // The PO is the commit point. The effect is decided from the PO as it is now and recorded on the
  // event, then the PO is saved carrying the event's id, and only then do stock and orders change.
  // A retry after a crash before that save decides again (another event of the PO may have been
  // applied meanwhile: an effect decided earlier would undo it and hand the same units out twice);
  // after it, it finishes exactly the recorded effect.
  const stored = await deps.supplierEvents.get(eventId);
  const onPo = (po.appliedEvents ?? []).includes(eventId);
  if (onPo && !stored?.outcome) throw new PermanentError("INBOUND.OUTCOME_LOST", `PO ${po.poNumber} carries event ${eventId} but its recorded effect is missing`);
  const decided = onPo ? (stored?.outcome as unknown as Decided) : decide(po, event);
  if (!onPo) {
    await deps.supplierEvents.recordOutcome(eventId, decided as unknown as Record<string, unknown>);
    const receivedAt = decided.state === "received" && po.state !== "received" ? { receivedAt: at } : {};
    await deps.purchaseOrders.save({ ...po, state: decided.state, lines: decided.lines, appliedEvents: [...(po.appliedEvents ?? []), eventId], ...receivedAt, updatedAt: at });
    await deps.events.append([
      { id: `${eventId}:po`, at, entity: "po", ref: po.poNumber, what: "received", from: po.state, to: decided.state, data: { units: decided.stockDeltas.reduce((s, d) => s + (d.onHand ?? 0), 0) } },
    ]);
  }
  const skus = [...new Set(decided.stockDeltas.map((d) => d.sku))];
  await withLocks(deps.redis, skus.map((s) => `sku:${s}`), () => deps.stock.apply(`rcpt:${eventId}`, decided.stockDeltas));
  return { allocations: decided.allocations, skus };
};

interface Decided {
  state: PurchaseOrder["state"];
  lines: PurchaseOrder["lines"];
  allocations: ReceivedAllocation[];
  stockDeltas: { sku: string; location: string; committed: number; onHand?: number | undefined }[];
}

const decide = (po: StoredPurchaseOrder, event: Extract<SupplierEvent, { lines: { quantity: number }[] }>): Decided => {
  const result = applyReceipt(po, lineNos(po, event.lines));
  return { state: result.purchaseOrder.state, lines: result.purchaseOrder.lines, allocations: result.allocations, stockDeltas: result.stockDeltas };
};

/** Hands received units to the orders they were bought for; orders fully served leave hold. */
const grantToOrders = async (deps: PipelineDeps, eventId: string, grants: Grants): Promise<string[]> => {
  const released: string[] = [];
  for (const order of [...new Set(grants.allocations.map((a) => a.order))]) {
    const mine = grants.allocations.filter((a) => a.order === order);
    const skus = [...new Set(mine.map((a) => `sku:${a.sku}`))];
    await withLocks(deps.redis, [`order:${order}`, ...skus], async () => {
      const ev = await deps.evaluations.get(order);
      if (!ev || (ev.appliedOps ?? []).includes(eventId)) return;
      if (ev.pending) {
        // An evaluation of this order recorded its intent and has not finished (its worker died):
        // its stock changes may be half applied, so the grant waits until that evaluation is
        // settled rather than writing over it (which would orphan what it already applied).
        await deps.next.evaluate({ channel: ev.channel, externalId: ev.externalId, version: ev.pending.version, force: `settle${ev.pending.seq}` });
        throw new TransientError("RECEIPT.ORDER_MID_EVALUATION", `order ${order} has an unfinished evaluation; the receipt waits for it`, { order, eventId }, { retryAfterMs: 2_000 });
      }
      const warehouse = allocateReceived(order, ev.lines, mine);
      const lines = dropShipped(warehouse.lines, mine);
      const onHold = lines.some((l) => l.shortfall > 0);
      const at = deps.now().toISOString();
      await deps.stock.apply(`rcpt:${eventId}:${order}`, warehouse.deltas);
      const flip = ev.onHold && !onHold;
      await deps.evaluations.finish(order, {
        lines, onHold, state: onHold ? "on_hold" : "ready", shortfall: lines.reduce((s, l) => s + l.shortfall, 0),
        holdSeq: ev.holdSeq + (flip ? 1 : 0), appliedOps: [...(ev.appliedOps ?? []), eventId], updatedAt: at,
        ...(flip ? { releasedAt: at } : {}),
      });
      await deps.backorders.setQuantities(order, lines.filter((l) => mine.some((g) => g.line === l.lineId)).map((l) => ({ line: l.lineId, quantity: l.shortfall })), at);
      if (flip) {
        released.push(order);
        await deps.events.append([{ id: `${eventId}:${order}:release`, at, entity: "order", ref: order, what: "state", from: ev.state, to: "ready", why: `received on ${eventId}` }]);
        await deps.next.channelSync({ channel: ev.channel, externalId: ev.externalId, hold: false, holdSeq: ev.holdSeq + 1 });
      }
    });
  }
  return released;
};

/** Drop-shipped units need no stock from us: the line's shortfall shrinks by what the vendor shipped. */
const dropShipped = (lines: readonly LineAllocation[], grants: readonly ReceivedAllocation[]): LineAllocation[] =>
  lines.map((l) => {
    const units = grants.filter((g) => g.location === null && g.line === l.lineId).reduce((s, g) => s + g.quantity, 0);
    return units > 0 ? { ...l, needed: Math.max(0, l.needed - units), shortfall: Math.max(0, l.shortfall - units) } : l;
  });
