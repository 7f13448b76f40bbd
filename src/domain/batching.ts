import type { Offer } from "./catalog.js";
import type { Address } from "./order.js";
import { batchKeyFor, poNumberFor } from "./po-number.js";
import type { BatchShipTo } from "./po-number.js";
import { compareRank } from "./priority.js";
import type { PoLine, PurchaseOrder } from "./purchase-order.js";
import { roundOrderQuantity } from "./rounding.js";

/** A recorded shortfall waiting for a PO (one per order line). */
export interface BackorderLine {
  order: string;
  line: string;
  sku: string;
  quantity: number;
  /** Warehouse the units must arrive at. */
  location: string;
  placedAt: string;
  priority: number;
  /** When the shortfall was recorded: decides the window (cut-off) and the maximum wait. */
  recordedAt: string;
  title?: string | undefined;
  /** Set when this line goes to the customer directly (drop-ship). */
  dropshipTo?: { address: Address | null } | undefined;
}

/** The vendor rules batching needs (a subset of the vendor config, kept free of config types). */
export interface VendorPolicy {
  id: string;
  currency: string;
  /** Minor units of `currency`; 0 = none. */
  minOrderValue: number;
  maxLinesPerPo?: number | undefined;
  dropship: boolean;
  shipToLocation: string;
}

export interface BatchWindow {
  /** ISO instant; part of the batch key. */
  start: string;
  /** ISO instant; lines recorded after it wait for the next window. */
  cutoff: string;
}

export type DeferReason = "AFTER_CUTOFF" | "BELOW_MIN_ORDER_VALUE";
export interface DeferredLine {
  order: string;
  line: string;
  sku: string;
  quantity: number;
  reason: DeferReason;
}
export interface BatchException {
  ref: string;
  code: "CATALOG.NO_OFFER" | "CATALOG.CURRENCY_MISMATCH";
  reason: string;
}

export interface PlanPurchaseOrdersInput {
  vendor: VendorPolicy;
  window: BatchWindow;
  /** Pending backorder lines chosen for this vendor (already net of incoming coverage). */
  lines: readonly BackorderLine[];
  /** This vendor's offers. */
  offers: readonly Offer[];
  /**
   * A PO below the minimum order value waits for later windows unless one of its lines has waited
   * longer than this many days (measured from recordedAt to the cut-off). Default 7.
   */
  maxWaitDays?: number | undefined;
}

export interface PlanPurchaseOrdersResult {
  purchaseOrders: PurchaseOrder[];
  deferred: DeferredLine[];
  exceptions: BatchException[];
}

interface Group {
  shipTo: BatchShipTo;
  address: Address | null;
  lines: BackorderLine[];
}

const DAY_MS = 86_400_000;
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const oldestFirst = (a: BackorderLine, b: BackorderLine): number => compareRank(a, b) || cmp(a.line, b.line);

const groupKey = (g: BatchShipTo): string => (g.kind === "customer" ? `c:${g.order}` : `w:${g.location}`);

const groupLines = (lines: readonly BackorderLine[], vendor: VendorPolicy): Group[] => {
  const groups = new Map<string, Group>();
  for (const l of lines) {
    const ship: BatchShipTo = l.dropshipTo && vendor.dropship ? { kind: "customer", order: l.order } : { kind: "warehouse", location: l.location };
    const g = groups.get(groupKey(ship)) ?? { shipTo: ship, address: l.dropshipTo?.address ?? null, lines: [] };
    g.lines.push(l);
    groups.set(groupKey(ship), g);
  }
  return [...groups.entries()].sort(([a], [b]) => cmp(a, b)).map(([, g]) => g);
};

/** Merges lines per SKU (one PO line remembers every order line it covers) and rounds quantities. */
const mergeLines = (lines: readonly BackorderLine[], offers: ReadonlyMap<string, Offer>): PoLine[] => {
  const bySku = new Map<string, BackorderLine[]>();
  for (const l of [...lines].sort(oldestFirst)) bySku.set(l.sku, [...(bySku.get(l.sku) ?? []), l]);
  return [...bySku.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([sku, ls], i) => {
      const offer = offers.get(sku) as Offer;
      const demand = ls.reduce((s, l) => s + l.quantity, 0);
      const quantity = roundOrderQuantity(demand, offer);
      const covers = ls.map((l) => ({ order: l.order, line: l.line, quantity: l.quantity }));
      return { lineNo: i + 1, sku, vendorSku: offer.vendorSku, description: ls[0]?.title ?? sku, quantity, unitCost: offer.unitCost, covers, surplus: quantity - demand, receivedQuantity: 0 };
    });
};

const waitedTooLong = (lines: readonly BackorderLine[], cutoff: string, maxWaitDays: number): boolean =>
  lines.some((l) => Date.parse(cutoff) - Date.parse(l.recordedAt) > maxWaitDays * DAY_MS);

const chunk = <T>(items: readonly T[], size: number | undefined): T[][] => {
  if (!size || items.length <= size) return [items.slice()];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const buildPos = (input: PlanPurchaseOrdersInput, g: Group, poLines: PoLine[]): PurchaseOrder[] =>
  chunk(poLines, input.vendor.maxLinesPerPo).map((part, i) => {
    const keyInput = { vendor: input.vendor.id, windowStart: input.window.start, shipTo: g.shipTo, defaultLocation: input.vendor.shipToLocation, part: i + 1 };
    const shipTo: PurchaseOrder["shipTo"] = g.shipTo.kind === "customer" ? { kind: "customer", order: g.shipTo.order, address: g.address } : { kind: "warehouse", location: g.shipTo.location };
    return {
      poNumber: poNumberFor(keyInput),
      batchKey: batchKeyFor(keyInput),
      vendor: input.vendor.id,
      currency: input.vendor.currency,
      shipTo,
      windowStart: input.window.start,
      createdAt: input.window.cutoff,
      state: "draft",
      lines: part.map((l, n) => ({ ...l, lineNo: n + 1 })),
    };
  });

/**
 * Plans the POs of one vendor for one batch window. Pure and deterministic: the same inputs give
 * the same POs, numbers and batch keys, so a re-run upserts instead of adding a second PO.
 * Minimum order value: a ship-to group whose value is below it is deferred whole (reason
 * BELOW_MIN_ORDER_VALUE) unless a line waited more than maxWaitDays; we chose to wait rather than
 * pad the order, because padding buys stock nobody asked for.
 */
export const planPurchaseOrders = (input: PlanPurchaseOrdersInput): PlanPurchaseOrdersResult => {
  const deferred: DeferredLine[] = [];
  const exceptions: BatchException[] = [];
  const offers = new Map(input.offers.filter((o) => o.vendor === input.vendor.id).map((o) => [o.sku, o]));
  const eligible: BackorderLine[] = [];
  for (const l of input.lines) {
    const offer = offers.get(l.sku);
    if (Date.parse(l.recordedAt) > Date.parse(input.window.cutoff)) deferred.push({ ...pickRef(l), reason: "AFTER_CUTOFF" });
    else if (!offer) exceptions.push({ ref: `${l.order}/${l.line}`, code: "CATALOG.NO_OFFER", reason: `vendor ${input.vendor.id} has no offer for SKU ${l.sku}` });
    else if (offer.currency !== input.vendor.currency)
      exceptions.push({ ref: `${l.order}/${l.line}`, code: "CATALOG.CURRENCY_MISMATCH", reason: `offer for ${l.sku} is in ${offer.currency}, vendor ${input.vendor.id} buys in ${input.vendor.currency}` });
    else if (l.quantity > 0) eligible.push(l);
  }
  const purchaseOrders: PurchaseOrder[] = [];
  for (const g of groupLines(eligible, input.vendor)) {
    const poLines = mergeLines(g.lines, offers);
    const value = poLines.reduce((s, l) => s + l.quantity * l.unitCost, 0);
    if (value < input.vendor.minOrderValue && !waitedTooLong(g.lines, input.window.cutoff, input.maxWaitDays ?? 7)) {
      for (const l of g.lines) deferred.push({ ...pickRef(l), reason: "BELOW_MIN_ORDER_VALUE" });
      continue;
    }
    purchaseOrders.push(...buildPos(input, g, poLines));
  }
  return { purchaseOrders, deferred, exceptions };
};

const pickRef = (l: BackorderLine): Omit<DeferredLine, "reason"> => ({ order: l.order, line: l.line, sku: l.sku, quantity: l.quantity });
