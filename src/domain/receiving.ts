import type { LineAllocation } from "./allocation.js";
import { IllegalTransitionError } from "./errors.js";
import { poLocation } from "./incoming.js";
import type { ServiceRank } from "./priority.js";
import { compareRank } from "./priority.js";
import type { Coverage, PoLine, PurchaseOrder } from "./purchase-order.js";
import type { StockDelta } from "./stock.js";

export interface ReceiptLine {
  lineNo: number;
  quantity: number;
}

/** Received units handed to a waiting order line (location null: drop-shipped to the customer). */
export interface ReceivedAllocation {
  order: string;
  line: string;
  sku: string;
  location: string | null;
  quantity: number;
}

export interface ReceiptResult {
  purchaseOrder: PurchaseOrder;
  allocations: ReceivedAllocation[];
  /** on hand +received, committed +allocated, per SKU at the PO's warehouse (none for drop-ship). */
  stockDeltas: StockDelta[];
  /** Units that nobody waits for: they simply raise available stock. */
  toAvailable: { sku: string; location: string; quantity: number }[];
}

const RECEIVABLE = new Set<PurchaseOrder["state"]>(["issued", "acknowledged", "partially_received"]);

const serveCovers = (line: PoLine, units: number, rank: (order: string) => ServiceRank | undefined) => {
  const order = line.covers
    .map((c, i) => ({ c, i, r: rank(c.order) }))
    .sort((a, b) => (a.r && b.r ? compareRank(a.r, b.r) : 0) || a.i - b.i);
  const given: Coverage[] = [];
  let left = units;
  const rest = line.covers.map((c) => ({ ...c }));
  for (const { i } of order) {
    const c = rest[i] as Coverage;
    const q = Math.min(left, c.quantity);
    if (q <= 0) continue;
    c.quantity -= q;
    left -= q;
    given.push({ order: c.order, line: c.line, quantity: q });
  }
  return { given, covers: rest.filter((c) => c.quantity > 0), left };
};

const fullyReceived = (l: PoLine): boolean => l.receivedQuantity >= (l.confirmedQuantity ?? l.quantity);

/**
 * Books a receipt (full or partial): received units go to the lines the PO covers, oldest first
 * (or by `rank`: priority, placed-at), and the rest becomes available stock.
 */
export const applyReceipt = (
  po: PurchaseOrder,
  receipt: readonly ReceiptLine[],
  rank: (order: string) => ServiceRank | undefined = () => undefined,
): ReceiptResult => {
  if (!RECEIVABLE.has(po.state)) throw new IllegalTransitionError("PO", po.state, "partially_received", po.poNumber);
  const location = poLocation(po);
  const allocations: ReceivedAllocation[] = [];
  const stockDeltas: StockDelta[] = [];
  const toAvailable: ReceiptResult["toAvailable"] = [];
  const units = new Map<number, number>();
  for (const r of receipt) units.set(r.lineNo, (units.get(r.lineNo) ?? 0) + Math.max(0, r.quantity));
  const lines = po.lines.map((line) => {
    const got = units.get(line.lineNo) ?? 0;
    if (got === 0) return line;
    const served = serveCovers(line, got, rank);
    const committed = got - served.left;
    for (const g of served.given) allocations.push({ ...g, sku: line.sku, location });
    if (location !== null) {
      stockDeltas.push({ sku: line.sku, location, onHand: got, committed });
      if (served.left > 0) toAvailable.push({ sku: line.sku, location, quantity: served.left });
    }
    return { ...line, covers: served.covers, receivedQuantity: line.receivedQuantity + got, surplus: Math.max(0, line.surplus - served.left) };
  });
  const state = lines.every(fullyReceived) ? "received" : "partially_received";
  return { purchaseOrder: { ...po, state, lines }, allocations, stockDeltas, toAvailable };
};

/**
 * Adds received units to one order's stored allocation. `onHold` false means every line is fully
 * allocated and the order leaves hold. Units granted beyond a line's current shortfall (the order
 * shrank meanwhile) come back as negative committed deltas, so they become available.
 */
export const allocateReceived = (
  order: string,
  lines: readonly LineAllocation[],
  grants: readonly ReceivedAllocation[],
): { lines: LineAllocation[]; onHold: boolean; deltas: StockDelta[] } => {
  const deltas: StockDelta[] = [];
  const next = lines.map((l) => {
    const mine = grants.filter((g) => g.order === order && g.line === l.lineId && g.sku === l.sku && g.location !== null);
    if (mine.length === 0) return l;
    const picks = l.picks.map((p) => ({ ...p }));
    let add = 0;
    for (const g of mine) {
      const location = g.location as string;
      const q = Math.max(0, Math.min(g.quantity, l.shortfall - add));
      if (q < g.quantity) deltas.push({ sku: g.sku, location, committed: q - g.quantity });
      if (q === 0) continue;
      add += q;
      const at = picks.find((p) => p.location === location);
      if (at) at.quantity += q;
      else picks.push({ location, quantity: q });
    }
    return { ...l, picks, allocated: l.allocated + add, shortfall: l.shortfall - add };
  });
  return { lines: next, onHold: next.some((l) => l.shortfall > 0), deltas };
};
