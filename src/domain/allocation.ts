import type { StockLevel } from "./catalog.js";
import { needsStock, openQuantity, orderKey } from "./order.js";
import type { LineKind, SalesOrder } from "./order.js";
import { availableBook, mergeDeltas, stockKey } from "./stock.js";
import type { StockDelta } from "./stock.js";

/** Units of a line reserved at one location. */
export interface Pick {
  location: string;
  quantity: number;
}

/** The allocation state of one order line; persist it on the order document. */
export interface LineAllocation {
  lineId: string;
  sku: string | null;
  kind: LineKind;
  /** Units that still need stock from us (0 for non-inventory, marketplace-fulfilled or cancelled). */
  needed: number;
  picks: Pick[];
  allocated: number;
  /** needed − allocated: what stock on hand could not cover. */
  shortfall: number;
}

/** A line's unmet need, recorded at the location the replenishment must arrive at. */
export interface Shortfall {
  order: string;
  line: string;
  sku: string;
  location: string;
  quantity: number;
  placedAt: string;
  priority: number;
}

export type BackorderPolicy = "partial" | "complete";

export interface EvaluateOrderInput {
  order: SalesOrder;
  /** Current stock of (at least) the order's SKUs at `locations`; committed includes `previous`. */
  stock: readonly StockLevel[];
  /** Fulfilment locations in order of preference; shortfalls are recorded at the first. */
  locations: readonly string[];
  /** The allocation stored by the last evaluation of this order (empty for a new order). */
  previous?: readonly LineAllocation[] | undefined;
  /** Channel default; the order's own policy wins. */
  policy?: BackorderPolicy | undefined;
  channelPriority?: number | undefined;
}

export interface OrderEvaluation {
  order: string;
  lines: LineAllocation[];
  /** Change of committed units per SKU and location (+ reserve, − free). Apply with one $inc each. */
  deltas: StockDelta[];
  shortfalls: Shortfall[];
  /** Some line is short: the order waits (Zoho's ON HOLD). */
  onHold: boolean;
  /** Something can ship now: partial policy with any allocated unit, or nothing short. */
  shippable: boolean;
}

const sumPicks = (picks: readonly Pick[]): number => picks.reduce((s, p) => s + p.quantity, 0);

/** Keeps previously reserved units (as far as stock still exists and the line still needs them). */
const keepPrevious = (prev: readonly Pick[], needed: number, book: Map<string, number>, sku: string): Pick[] => {
  const kept: Pick[] = [];
  let left = needed;
  for (const p of prev) {
    // Our own reservation is inside `committed`, so what we may keep is available + our picks.
    const k = stockKey(sku, p.location);
    const room = Math.max(0, (book.get(k) ?? 0) + p.quantity);
    const q = Math.min(p.quantity, left, room);
    book.set(k, (book.get(k) ?? 0) + p.quantity - q);
    if (q > 0) kept.push({ location: p.location, quantity: q });
    left -= q;
  }
  return kept;
};

const takeMore = (picks: Pick[], extra: number, book: Map<string, number>, sku: string, locations: readonly string[]): Pick[] => {
  const out = picks.map((p) => ({ ...p }));
  let left = extra;
  for (const location of locations) {
    if (left <= 0) break;
    const k = stockKey(sku, location);
    const q = Math.min(left, Math.max(0, book.get(k) ?? 0));
    if (q <= 0) continue;
    book.set(k, (book.get(k) ?? 0) - q);
    const existing = out.find((p) => p.location === location);
    if (existing) existing.quantity += q;
    else out.push({ location, quantity: q });
    left -= q;
  }
  return out;
};

/**
 * Evaluates ONE order against current stock and its previous allocation. Only differences move
 * stock: re-evaluating an unchanged order returns no deltas; an edit frees or reserves the change.
 * Freed units of all lines are credited before any line takes more, so a SKU moving between lines
 * of the same order never looks short.
 */
export const evaluateOrder = (input: EvaluateOrderInput): OrderEvaluation => {
  const { order, locations } = input;
  const key = orderKey(order);
  const book = availableBook(input.stock);
  const prevById = new Map((input.previous ?? []).map((l) => [l.lineId, l]));
  const deltas: StockDelta[] = [];
  for (const prev of input.previous ?? []) {
    const sku = prev.sku;
    if (sku !== null) for (const p of prev.picks) deltas.push({ sku, location: p.location, committed: -p.quantity });
  }
  const needs = order.lines.map((line) => ({ line, needed: needsStock(order, line) ? openQuantity(line) : 0 }));
  const kept = needs.map(({ line, needed }) => {
    const prev = prevById.get(line.lineId);
    const same = prev !== undefined && line.sku !== null && prev.sku === line.sku;
    return same && line.sku !== null ? keepPrevious(prev.picks, needed, book, line.sku) : [];
  });
  // Lines that vanished or changed SKU free everything they held.
  for (const prev of input.previous ?? []) {
    const now = order.lines.find((l) => l.lineId === prev.lineId);
    const sku = prev.sku;
    if (sku === null || (now && now.sku === sku)) continue;
    for (const p of prev.picks) book.set(stockKey(sku, p.location), (book.get(stockKey(sku, p.location)) ?? 0) + p.quantity);
  }
  const lines: LineAllocation[] = needs.map(({ line, needed }, i) => {
    const base = kept[i] ?? [];
    const picks = line.sku === null ? [] : takeMore(base, needed - sumPicks(base), book, line.sku, locations);
    const allocated = sumPicks(picks);
    return { lineId: line.lineId, sku: line.sku, kind: line.kind, needed, picks, allocated, shortfall: needed - allocated };
  });
  for (const l of lines) for (const p of l.sku !== null ? l.picks : []) deltas.push({ sku: l.sku as string, location: p.location, committed: p.quantity });
  const priority = order.priority ?? input.channelPriority ?? 0;
  const home = locations[0] ?? "main";
  const shortfalls: Shortfall[] = lines
    .filter((l) => l.shortfall > 0 && l.sku !== null)
    .map((l) => ({ order: key, line: l.lineId, sku: l.sku as string, location: home, quantity: l.shortfall, placedAt: order.placedAt, priority }));
  const onHold = shortfalls.length > 0;
  const policy = order.policy ?? input.policy ?? "partial";
  const anyAllocated = lines.some((l) => l.allocated > 0);
  const shippable = onHold ? policy === "partial" && anyAllocated : lines.some((l) => l.needed > 0);
  return { order: key, lines, deltas: mergeDeltas(deltas).map(({ sku, location, committed }) => ({ sku, location, committed })), shortfalls, onHold, shippable };
};
