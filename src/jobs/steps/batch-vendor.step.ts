import type { Shortfall } from "../../domain/allocation.js";
import type { BackorderLine } from "../../domain/batching.js";
import { planPurchaseOrders } from "../../domain/batching.js";
import { coverFromIncoming } from "../../domain/incoming.js";
import { reconcileCoverage } from "../../domain/order-edit.js";
import { transitionPo } from "../../domain/po-state.js";
import { windowAttention } from "../../domain/window-attention.js";
import type { PurchaseOrder } from "../../domain/purchase-order.js";
import type { VendorConfig } from "../../config/vendor.schema.js";
import { PermanentError, TransientError } from "../../shared/errors.js";
import { crashPoint } from "../../shared/crash-points.js";
import { withLocks } from "../../shared/lock.js";
import type { BackorderDoc } from "../../persistence/pipeline/backorder.repository.js";
import type { StoredPurchaseOrder } from "../../persistence/pipeline/purchase-order.repository.js";
import { liveNeeds } from "./live-demand.js";
import type { PipelineDeps } from "./pipeline-deps.js";

export interface BatchOutcome {
  created: string[];
  issued: string[];
  coveredFromIncoming: number;
  deferred: number;
}

const toShortfall = (b: BackorderDoc): Shortfall => ({
  order: b.order, line: b.line, sku: b.sku, location: b.location, quantity: b.quantity, placedAt: b.placedAt, priority: b.priority,
});

/**
 * Closes one vendor's batch window identified by its cut-off instant: first lets open POs cover
 * what they can (never buy the same demand twice), then plans and inserts new POs keyed by batch
 * key (a second run of the same window inserts nothing), then issues every draft and queues pushes.
 */
export const batchVendorStep = async (deps: PipelineDeps, vendorId: string, cutoff: string): Promise<BatchOutcome> => {
  const vendor = deps.config.vendors.find((v) => v.id === vendorId);
  if (!vendor) throw new PermanentError("BATCH.UNKNOWN_VENDOR", `vendor ${vendorId} is not configured`);
  // One batch run per vendor at a time, even across a Redis restart (the durable lease), and no PO
  // of the vendor changed under it by receipts or pushes (the PO locks).
  return deps.leases.withLease(`batch:${vendorId}`, () => closeWindow(deps, vendor, cutoff));
};

const closeWindow = async (deps: PipelineDeps, vendor: VendorConfig, cutoff: string): Promise<BatchOutcome> => {
  const vendorId = vendor.id;
  const open = await deps.purchaseOrders.openForVendor(vendorId);
  return withLocks(deps.redis, [`batch:${vendorId}`, ...open.map((p) => `po:${p.poNumber}`)], async () => {
    const waiting = await deps.backorders.openForVendor(vendorId);
    const openPos = await deps.purchaseOrders.openForVendor(vendorId);
    const attention = windowAttention(waiting, openPos);
    const pos = await releaseStaleCoverage(deps, openPos, attention.orders);
    const lines = attention.lines.filter((l) => !l.exception && l.recordedAt <= cutoff);
    const need = await liveNeeds(deps, lines);
    const shortfalls = lines.map((l) => ({ ...toShortfall(l), quantity: need.get(`${l.order}#${l.line}`) ?? 0 })).filter((s) => s.quantity > 0);
    const cover = coverFromIncoming(shortfalls, pos);
    for (const po of cover.purchaseOrders.filter((p) => cover.assignments.some((a) => a.poNumber === p.poNumber))) {
      await deps.purchaseOrders.save({ ...(po as StoredPurchaseOrder), updatedAt: deps.now().toISOString() });
    }
    const byId = new Map(lines.map((l) => [`${l.order}#${l.line}`, l]));
    const remaining = await Promise.all(cover.remaining.map((s) => toBackorderLine(deps, byId.get(`${s.order}#${s.line}`), s)));
    const plan = planPurchaseOrders({
      vendor: { id: vendor.id, currency: vendor.currency, minOrderValue: vendor.minOrderValue, maxLinesPerPo: vendor.maxLinesPerPo, dropship: vendor.dropship, shipToLocation: vendor.shipToLocation },
      window: { start: cutoff, cutoff },
      lines: remaining.filter((l): l is BackorderLine => l !== null),
      offers: await deps.offers.forVendor(vendorId),
    });
    const created: string[] = [];
    for (const po of plan.purchaseOrders) {
      if ((await deps.purchaseOrders.insertIfAbsent(stored(po, deps.now()))) === "inserted") created.push(po.poNumber);
    }
    await deps.events.append(
      created.map((n) => ({ id: `po:${n}:created`, at: deps.now().toISOString(), entity: "po" as const, ref: n, what: "created", to: "draft", why: `batch window ${cutoff}` })),
    );
    if (created.length > 0) crashPoint("po-recorded");
    // A second look before anything is sent: coverage beyond live demand (a run whose lock was
    // lost, an order edited meanwhile) is released from drafts first, so it is never bought. It
    // looks at the orders this window looked at and at every order a draft is about to buy for.
    const before = await deps.purchaseOrders.openForVendor(vendorId);
    const buying = before.filter((p) => p.state === "draft").flatMap((p) => p.lines.flatMap((l) => l.covers.map((c) => c.order)));
    const checked = await releaseStaleCoverage(deps, before, new Set([...attention.orders, ...buying]));
    const issued = await issueDrafts(deps, vendorId, checked);
    return { created, issued, coveredFromIncoming: cover.assignments.reduce((s, a) => s + a.quantity, 0), deferred: plan.deferred.length };
  });
};

/**
 * Coverage follows live demand (field report C14): units an open PO promised to an order line that
 * no longer needs them (edited down, cancelled, served from stock) are released before anything is
 * covered or bought, so they serve the next waiting order instead of being bought again.
 */
const releaseStaleCoverage = async (deps: PipelineDeps, pos: StoredPurchaseOrder[], only: ReadonlySet<string>): Promise<StoredPurchaseOrder[]> => {
  const covers = pos.flatMap((p) => p.lines.flatMap((l) => l.covers)).filter((c) => only.has(c.order));
  if (covers.length === 0) return pos;
  const orders = [...new Set(covers.map((c) => c.order))];
  const backorders = await deps.backorders.byIds(covers);
  const need = await liveNeeds(deps, backorders);
  let current: PurchaseOrder[] = pos;
  const changed = new Set<string>();
  for (const order of orders) {
    const shortfalls = backorders.filter((b) => b.order === order).map((b) => ({ line: b.line, quantity: need.get(`${b.order}#${b.line}`) ?? 0 }));
    const result = reconcileCoverage({ order, shortfalls, purchaseOrders: current });
    result.changes.forEach((c) => changed.add(c.poNumber));
    current = result.purchaseOrders;
  }
  const at = deps.now().toISOString();
  for (const po of current) {
    if (changed.has(po.poNumber)) await deps.purchaseOrders.save({ ...(po as StoredPurchaseOrder), updatedAt: at });
  }
  return current as StoredPurchaseOrder[];
};

const stored = (po: PurchaseOrder, now: Date): StoredPurchaseOrder => ({ ...po, delivery: { state: "pending", attempts: 0 }, updatedAt: now.toISOString() });

const toBackorderLine = async (deps: PipelineDeps, doc: BackorderDoc | undefined, s: Shortfall): Promise<BackorderLine | null> => {
  if (!doc) return null;
  const line: BackorderLine = { ...s, recordedAt: doc.recordedAt, title: doc.title };
  if (!doc.dropship) return line;
  const [channel, ...rest] = doc.order.split(":");
  const order = await deps.orders.getOrder(channel ?? "", rest.join(":"));
  return { ...line, dropshipTo: { address: order?.shipTo ?? null } };
};

/**
 * Issues drafts a crashed window left behind (for the reconciler), under the same lease and locks
 * as a window, so it never writes a draft back over a window's newer copy. A window that holds the
 * lease issues them itself; then this does nothing.
 */
export const issueLeftDrafts = async (deps: PipelineDeps, vendorId: string): Promise<string[]> => {
  const drafts = (await deps.purchaseOrders.openForVendor(vendorId)).filter((p) => p.state === "draft");
  if (drafts.length === 0) return [];
  try {
    return await deps.leases.withLease(`batch:${vendorId}`, () =>
      withLocks(deps.redis, [`batch:${vendorId}`, ...drafts.map((p) => `po:${p.poNumber}`)], () => issueDrafts(deps, vendorId), { waitMs: 2_000 }), 15_000, 2_000);
  } catch (err) {
    if (err instanceof TransientError && (err.code === "LEASE.BUSY" || err.code === "LOCK.BUSY")) return [];
    throw err;
  }
};

/**
 * Draft → issued for every draft of the vendor, then one push job per PO (id = PO number). `open`
 * is the vendor's open POs as just read under the same lease and locks, when the caller has them.
 */
export const issueDrafts = async (deps: PipelineDeps, vendorId: string, open?: readonly StoredPurchaseOrder[]): Promise<string[]> => {
  const drafts = (open ?? (await deps.purchaseOrders.openForVendor(vendorId))).filter((p) => p.state === "draft" && p.lines.length > 0);
  for (const po of drafts) {
    const at = deps.now().toISOString();
    await deps.purchaseOrders.save({ ...po, state: transitionPo(po.state, "issued", po.poNumber), issuedAt: at, updatedAt: at });
    await deps.events.append([{ id: `po:${po.poNumber}:issued`, at, entity: "po", ref: po.poNumber, what: "state", from: "draft", to: "issued" }]);
    await deps.next.push({ poNumber: po.poNumber });
  }
  return drafts.map((p) => p.poNumber);
};
