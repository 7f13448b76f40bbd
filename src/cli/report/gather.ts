import type { Core } from "../ops/with-core.js";
import type { ReportData } from "./report-data.js";

const after = (since: string | undefined) => (at: string | undefined): boolean => since === undefined || (at !== undefined && at >= since);

/**
 * When the PO was fully received: stored on the PO since it was recorded; POs received before that
 * fall back to their audit trail (a filtered read, which FerretDB answers by a scan, so only for those).
 */
const receivedAt = async (core: Core, po: { poNumber: string; receivedAt?: string | undefined }): Promise<string | undefined> =>
  po.receivedAt ?? (await core.deps.events.forRef(po.poNumber)).find((e) => e.entity === "po" && e.to === "received")?.at;

/** Longest lead time the vendor promised for any SKU on the PO. */
const promisedDays = (offers: Map<string, number>, vendor: string, skus: readonly string[]): number =>
  Math.max(0, ...skus.map((s) => offers.get(`${s}@${vendor}`) ?? 0));

const gatherPurchaseOrders = async (core: Core, since: string | undefined): Promise<ReportData["purchaseOrders"]> => {
  const pos = (await core.deps.purchaseOrders.list()).filter((p) => after(since)(p.createdAt));
  const offers = new Map<string, number>();
  for (const vendor of new Set(pos.map((p) => p.vendor))) {
    for (const o of await core.deps.offers.forVendor(vendor)) offers.set(`${o.sku}@${o.vendor}`, o.leadTimeDays);
  }
  const out: ReportData["purchaseOrders"] = [];
  for (const p of pos) {
    const done = p.state === "received" || p.state === "closed" ? await receivedAt(core, p) : undefined;
    out.push({
      poNumber: p.poNumber, vendor: p.vendor, state: p.state, transport: p.delivery.transport, delivery: p.delivery.state, issuedAt: p.issuedAt,
      receivedAt: done, promisedDays: promisedDays(offers, p.vendor, p.lines.map((l) => l.sku)),
    });
  }
  return out;
};

/** Reads what the report needs from MongoDB; `since` limits it to orders placed (POs created) from then. */
export const gatherReportData = async (core: Core, opts: { asOf: string; since?: string | undefined }): Promise<ReportData> => {
  const inRange = after(opts.since);
  const orders = (await core.deps.orders.listOrders()).filter((o) => inRange(o.placedAt));
  const evaluations = (await core.deps.evaluations.list()).filter((e) => inRange(e.placedAt));
  const backorders = (await core.deps.backorders.open()).filter((b) => inRange(b.placedAt));
  const quarantine = (await core.quarantine.list()).filter((q) => inRange(q.lastSeenAt));
  return {
    asOf: opts.asOf,
    since: opts.since,
    orders: orders.map((o) => ({ channel: o.channel, externalId: o.externalId, placedAt: o.placedAt, status: o.status, lines: o.lines.map((l) => ({ kind: l.kind, flags: l.flags, sku: l.sku, ordered: l.ordered, cancelled: l.cancelled, fulfilled: l.fulfilled })) })),
    evaluations: evaluations.map((e) => ({ order: e._id, channel: e.channel, placedAt: e.placedAt, onHold: e.onHold, heldAt: e.heldAt, releasedAt: e.releasedAt, lines: e.lines })),
    backorders: backorders.map((b) => ({ order: b.order, sku: b.sku, quantity: b.quantity, vendor: b.vendor, exception: b.exception })),
    purchaseOrders: await gatherPurchaseOrders(core, opts.since),
    quarantine: quarantine.map((q) => ({ channel: q.channel, source: q.source, reason: q.reason })),
  };
};
