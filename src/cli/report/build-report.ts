import { backorderDays, backorderRates, vendorLeadTimes, type Ratio } from "../../domain/metrics.js";
import type { ReportData } from "./report-data.js";

export type { ReportData } from "./report-data.js";

export interface Counted {
  key: string;
  count: number;
}

export interface Report {
  asOf: string;
  since: string | null;
  channels: { channel: string; orders: number; lines: number }[];
  /** nonInventory: gift cards, tips, digital goods; unmapped: stock lines without a SKU we can stock or buy. */
  lines: { allocated: number; backordered: number; nonInventory: number; unmapped: number; unitsAllocated: number; unitsBackordered: number };
  backordered: { units: Ratio; lines: Ratio; fillRatePercent: number };
  ordersOnHold: number;
  backorderDays: { released: number; median: number | null; p90: number | null; stillOnHold: number };
  purchaseOrders: {
    total: number;
    byVendorState: { vendor: string; state: string; count: number }[];
    byTransport: Counted[];
    delivered: number;
    failed: number;
    pendingDelivery: number;
  };
  exceptions: { noOffer: { lines: number; units: number; top: Counted[] }; unmapped: { lines: number; units: number }; quarantine: { entries: number; top: Counted[] } };
  vendorLeadTimes: { vendor: string; orders: number; promisedAvgDays: number; actualAvgDays: number | null; lateCount: number }[];
}

/** Counts by key, most frequent first, ties by key (stable output for tests and diffs). */
export const countBy = <T>(items: readonly T[], key: (t: T) => string, limit?: number): Counted[] => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  const out = [...m].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  return limit === undefined ? out : out.slice(0, limit);
};

/** Reasons read "AREA.CODE: detail"; the code groups them. */
const reasonCode = (reason: string): string => reason.split(":")[0]?.trim() || reason;

const channelsOf = (data: ReportData): Report["channels"] =>
  [...new Set(data.orders.map((o) => o.channel))].sort().map((channel) => {
    const mine = data.orders.filter((o) => o.channel === channel);
    return { channel, orders: mine.length, lines: mine.reduce((s, o) => s + o.lines.length, 0) };
  });

type OrderLine = ReportData["orders"][number]["lines"][number];

/** A physical line with no SKU we can stock or buy (none given, or its product deleted, C01). */
const isUnmapped = (l: OrderLine): boolean => l.kind === "stock" && (l.sku === null || l.flags.includes("UNMAPPED"));

const openUnits = (l: OrderLine): number => Math.max(0, (l.ordered ?? 0) - (l.cancelled ?? 0) - (l.fulfilled ?? 0));

const linesOf = (data: ReportData): Report["lines"] => {
  const lines = data.evaluations.flatMap((e) => e.lines);
  return {
    allocated: lines.filter((l) => l.allocated > 0).length,
    backordered: lines.filter((l) => l.shortfall > 0).length,
    nonInventory: data.orders.flatMap((o) => o.lines).filter((l) => l.kind !== "stock").length,
    unmapped: data.orders.flatMap((o) => o.lines).filter(isUnmapped).length,
    unitsAllocated: lines.reduce((s, l) => s + l.allocated, 0),
    unitsBackordered: lines.reduce((s, l) => s + l.shortfall, 0),
  };
};

const purchaseOrdersOf = (data: ReportData): Report["purchaseOrders"] => {
  const pos = data.purchaseOrders;
  const pairs = countBy(pos, (p) => `${p.vendor}\u0000${p.state}`);
  return {
    total: pos.length,
    byVendorState: pairs
      .map(({ key, count }) => {
        const [vendor = "", state = ""] = key.split("\u0000");
        return { vendor, state, count };
      })
      .sort((a, b) => (a.vendor === b.vendor ? (a.state < b.state ? -1 : 1) : a.vendor < b.vendor ? -1 : 1)),
    byTransport: countBy(pos.filter((p) => p.transport), (p) => p.transport as string),
    delivered: pos.filter((p) => p.delivery === "sent").length,
    failed: pos.filter((p) => p.delivery === "failed").length,
    pendingDelivery: pos.filter((p) => p.delivery === "pending" || p.delivery === "sending").length,
  };
};

const holdDays = (data: ReportData): Report["backorderDays"] => {
  const released = data.evaluations.filter((e) => e.heldAt && e.releasedAt && e.releasedAt >= e.heldAt);
  const days = backorderDays(released.map((e) => ({ order: e.order, heldAt: e.heldAt as string, releasedAt: e.releasedAt })), data.asOf);
  return { released: released.length, median: days.median ?? null, p90: days.p90 ?? null, stillOnHold: data.evaluations.filter((e) => e.onHold).length };
};

const exceptionsOf = (data: ReportData): Report["exceptions"] => {
  const noOffer = data.backorders.filter((b) => b.exception);
  // Still to ship, so someone has to map them by hand: the service allocates and buys by SKU only.
  const unmapped = data.orders.filter((o) => o.status === undefined || o.status === "open").flatMap((o) => o.lines).filter((l) => isUnmapped(l) && openUnits(l) > 0);
  return {
    unmapped: { lines: unmapped.length, units: unmapped.reduce((s, l) => s + openUnits(l), 0) },
    noOffer: { lines: noOffer.length, units: noOffer.reduce((s, b) => s + b.quantity, 0), top: countBy(noOffer, (b) => b.exception?.code ?? "?", 5) },
    quarantine: { entries: data.quarantine.length, top: countBy(data.quarantine, (q) => reasonCode(q.reason), 5) },
  };
};

/** The operations report: pure, computed with the domain's metric functions. */
export const buildReport = (data: ReportData): Report => ({
  asOf: data.asOf,
  since: data.since ?? null,
  channels: channelsOf(data),
  lines: linesOf(data),
  backordered: backorderRates(data.evaluations.flatMap((e) => e.lines)),
  ordersOnHold: data.evaluations.filter((e) => e.onHold).length,
  backorderDays: holdDays(data),
  purchaseOrders: purchaseOrdersOf(data),
  exceptions: exceptionsOf(data),
  vendorLeadTimes: vendorLeadTimes(
    data.purchaseOrders.filter((p) => p.issuedAt).map((p) => ({ vendor: p.vendor, issuedAt: p.issuedAt as string, receivedAt: p.receivedAt ?? null, promisedDays: p.promisedDays ?? 0 })),
  ).map((v) => ({ ...v, actualAvgDays: v.actualAvgDays ?? null })),
});
