import { evaluateOrder } from "./allocation.js";
import type { BackorderPolicy, OrderEvaluation, Shortfall } from "./allocation.js";
import { planPurchaseOrders } from "./batching.js";
import type { BackorderLine, BatchWindow, DeferredLine, VendorPolicy } from "./batching.js";
import type { Offer, StockLevel } from "./catalog.js";
import { coverFromIncoming } from "./incoming.js";
import type { IncomingAssignment } from "./incoming.js";
import { backorderRates } from "./metrics.js";
import { orderStateFor } from "./order-state.js";
import type { SalesOrderState } from "./order-state.js";
import { orderKey } from "./order.js";
import type { SalesOrder } from "./order.js";
import { compareRank, sortForService } from "./priority.js";
import type { PurchaseOrder } from "./purchase-order.js";
import { applyStockDeltas } from "./stock.js";
import { chooseVendor } from "./vendor-choice.js";

/** Per-channel rules the planner needs (a subset of the channel config). */
export interface ChannelPolicy {
  id: string;
  locations: readonly string[];
  policy: BackorderPolicy;
  promiseDays: number;
  priority: number;
}

export interface PlanException {
  /** `channel:externalId/lineId`, or a SKU. */
  ref: string;
  code: string;
  reason: string;
}

export interface PlanBackordersInput {
  orders: readonly SalesOrder[];
  stock: readonly StockLevel[];
  offers: readonly Offer[];
  openPurchaseOrders?: readonly PurchaseOrder[] | undefined;
  /** Vendors without a policy get: currency of their first offer, no minimum, warehouse delivery. */
  vendors?: readonly VendorPolicy[] | undefined;
  channels?: readonly ChannelPolicy[] | undefined;
  /** ISO instant: shortfalls are recorded at this time; the default window is [now, now]. */
  now: string;
  window?: BatchWindow | undefined;
  maxWaitDays?: number | undefined;
  defaultLocation?: string | undefined;
  defaultPromiseDays?: number | undefined;
}

export interface PlannedOrder {
  order: SalesOrder;
  evaluation: OrderEvaluation;
  state: SalesOrderState;
}

export interface PlanBackordersResult {
  orders: PlannedOrder[];
  purchaseOrders: PurchaseOrder[];
  /** The open POs given, with new promises of their uncommitted units. */
  openPurchaseOrders: PurchaseOrder[];
  incoming: IncomingAssignment[];
  deferred: DeferredLine[];
  exceptions: PlanException[];
  stock: StockLevel[];
  metrics: ReturnType<typeof backorderRates> & { orders: number; onHold: number; purchaseOrders: number; unitsToBuy: number };
}

const newestPerKey = (orders: readonly SalesOrder[]): SalesOrder[] => {
  const byKey = new Map<string, SalesOrder>();
  for (const o of orders) {
    const prev = byKey.get(orderKey(o));
    if (!prev || Date.parse(o.channelUpdatedAt) > Date.parse(prev.channelUpdatedAt)) byKey.set(orderKey(o), o);
  }
  return [...byKey.values()];
};

const unmappedExceptions = (o: SalesOrder): PlanException[] =>
  o.status !== "open" || o.fulfilment !== "merchant"
    ? []
    : o.lines
        .filter((l) => l.kind === "stock" && (l.sku === null || l.flags.includes("UNMAPPED")))
        .map((l) => ({ ref: `${orderKey(o)}/${l.lineId}`, code: "ORDER.UNMAPPED_LINE", reason: `line "${l.title}" has no SKU we can stock or buy; it is left out of allocation` }));

const allocateAll = (input: PlanBackordersInput, channel: (id: string) => ChannelPolicy) => {
  let stock = applyStockDeltas(input.stock, []);
  const planned: PlannedOrder[] = [];
  for (const order of sortForService(newestPerKey(input.orders), (c) => channel(c).priority)) {
    const ch = channel(order.channel);
    const skus = new Set(order.lines.map((l) => l.sku));
    const evaluation = evaluateOrder({ order, stock: stock.filter((s) => skus.has(s.sku)), locations: ch.locations, policy: ch.policy, channelPriority: ch.priority });
    stock = applyStockDeltas(stock, evaluation.deltas);
    const needed = evaluation.lines.reduce((s, l) => s + l.needed, 0);
    planned.push({ order, evaluation, state: orderStateFor({ status: order.status, onHold: evaluation.onHold, needed }) });
  }
  return { planned, stock };
};

const toBackorderLines = (input: PlanBackordersInput, remaining: readonly Shortfall[], planned: readonly PlannedOrder[], channel: (id: string) => ChannelPolicy) => {
  const byKey = new Map(planned.map((p) => [p.evaluation.order, p.order]));
  const vendors = new Map((input.vendors ?? []).map((v) => [v.id, v]));
  const perVendor = new Map<string, BackorderLine[]>();
  const exceptions: PlanException[] = [];
  for (const s of remaining) {
    const order = byKey.get(s.order);
    const choice = chooseVendor({ sku: s.sku, offers: input.offers, promiseDays: channel(order?.channel ?? "").promiseDays });
    if (choice.kind === "none") {
      exceptions.push({ ref: `${s.order}/${s.line}`, code: choice.code, reason: choice.reason });
      continue;
    }
    const policy = vendors.get(choice.offer.vendor);
    const dropship = choice.offer.dropship && (policy?.dropship ?? false);
    const title = order?.lines.find((l) => l.lineId === s.line)?.title;
    const line: BackorderLine = { ...s, recordedAt: input.now, title, dropshipTo: dropship ? { address: order?.shipTo ?? null } : undefined };
    perVendor.set(choice.offer.vendor, [...(perVendor.get(choice.offer.vendor) ?? []), line]);
  }
  return { perVendor, exceptions };
};

const vendorPolicy = (input: PlanBackordersInput, id: string): VendorPolicy =>
  input.vendors?.find((v) => v.id === id) ?? {
    id,
    currency: input.offers.find((o) => o.vendor === id)?.currency ?? "USD",
    minOrderValue: 0,
    dropship: false,
    shipToLocation: input.defaultLocation ?? "main",
  };

/**
 * The whole dry run: allocate every order oldest first (priority first), cover shortfalls from
 * uncommitted incoming units, choose a vendor per SKU and plan each vendor's POs for the window.
 */
export const planBackorders = (input: PlanBackordersInput): PlanBackordersResult => {
  const fallback: ChannelPolicy = { id: "", locations: [input.defaultLocation ?? "main"], policy: "partial", promiseDays: input.defaultPromiseDays ?? 14, priority: 0 };
  const channel = (id: string): ChannelPolicy => input.channels?.find((c) => c.id === id) ?? { ...fallback, id };
  const { planned, stock } = allocateAll(input, channel);
  const shortfalls = planned.flatMap((p) => p.evaluation.shortfalls).sort((a, b) => compareRank(a, b) || (a.line < b.line ? -1 : 1));
  const covered = coverFromIncoming(shortfalls, input.openPurchaseOrders ?? []);
  const { perVendor, exceptions } = toBackorderLines(input, covered.remaining, planned, channel);
  const window = input.window ?? { start: input.now, cutoff: input.now };
  const purchaseOrders: PurchaseOrder[] = [];
  const deferred: DeferredLine[] = [];
  for (const vendor of [...perVendor.keys()].sort()) {
    const r = planPurchaseOrders({ vendor: vendorPolicy(input, vendor), window, lines: perVendor.get(vendor) ?? [], offers: input.offers, maxWaitDays: input.maxWaitDays });
    purchaseOrders.push(...r.purchaseOrders);
    deferred.push(...r.deferred);
    exceptions.push(...r.exceptions);
  }
  const rates = backorderRates(planned.flatMap((p) => p.evaluation.lines));
  return {
    orders: planned,
    purchaseOrders,
    openPurchaseOrders: covered.purchaseOrders,
    incoming: covered.assignments,
    deferred,
    exceptions: [...planned.flatMap((p) => unmappedExceptions(p.order)), ...exceptions],
    stock,
    metrics: {
      ...rates,
      orders: planned.length,
      onHold: planned.filter((p) => p.evaluation.onHold).length,
      purchaseOrders: purchaseOrders.length,
      unitsToBuy: purchaseOrders.reduce((s, po) => s + po.lines.reduce((t, l) => t + l.quantity, 0), 0),
    },
  };
};
