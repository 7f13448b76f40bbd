import type { Shortfall } from "./allocation.js";
import type { Coverage, PoLine, PoState, PurchaseOrder } from "./purchase-order.js";

/** States in which a PO still brings units we can promise. */
export const OPEN_PO_STATES: readonly PoState[] = ["draft", "issued", "acknowledged", "partially_received"];
export const isOpenPo = (po: Pick<PurchaseOrder, "state">): boolean => OPEN_PO_STATES.includes(po.state);

const coveredUnits = (line: Pick<PoLine, "covers">): number => line.covers.reduce((s, c) => s + c.quantity, 0);

/**
 * Units on a PO line that will arrive and are promised to nobody:
 * (confirmed ?? ordered) − received − Σ covers. `covers` always holds outstanding promises only
 * (receipts move covered units into allocations), so this never counts one unit twice.
 */
export const uncommittedIncoming = (line: PoLine): number =>
  Math.max(0, (line.confirmedQuantity ?? line.quantity) - line.receivedQuantity - coveredUnits(line));

/** Where a PO delivers: a warehouse location, or null for drop-ship to a customer. */
export const poLocation = (po: Pick<PurchaseOrder, "shipTo">): string | null => (po.shipTo.kind === "warehouse" ? po.shipTo.location : null);

/** Units of one order line already promised by open POs (derived from live links, never a counter: C14). */
export const coverageOf = (pos: readonly PurchaseOrder[], order: string, line: string): number =>
  pos
    .filter(isOpenPo)
    .flatMap((po) => po.lines.flatMap((l) => l.covers))
    .filter((c) => c.order === order && c.line === line)
    .reduce((s, c) => s + c.quantity, 0);

/** A new promise of incoming units to a waiting line; persist with $push on the PO line's covers. */
export interface IncomingAssignment extends Coverage {
  poNumber: string;
  lineNo: number;
  sku: string;
}

export interface CoverFromIncomingResult {
  assignments: IncomingAssignment[];
  /** What neither existing coverage nor uncommitted incoming covers: the pending backorder lines. */
  remaining: Shortfall[];
  /** The POs with the assignments applied (inputs are not mutated). */
  purchaseOrders: PurchaseOrder[];
}

const clonePos = (pos: readonly PurchaseOrder[]): PurchaseOrder[] =>
  pos.map((po) => ({ ...po, lines: po.lines.map((l) => ({ ...l, covers: [...l.covers] })) }));

/**
 * Covers shortfalls, in the order given (sort them oldest first), first by coverage the line
 * already has, then by uncommitted units on open warehouse POs for the same SKU and location
 * (earliest PO number first), so the same demand is never bought twice.
 */
export const coverFromIncoming = (shortfalls: readonly Shortfall[], purchaseOrders: readonly PurchaseOrder[]): CoverFromIncomingResult => {
  const pos = clonePos(purchaseOrders).sort((a, b) => (a.poNumber < b.poNumber ? -1 : a.poNumber > b.poNumber ? 1 : 0));
  const assignments: IncomingAssignment[] = [];
  const remaining: Shortfall[] = [];
  for (const s of shortfalls) {
    let left = s.quantity - coverageOf(pos, s.order, s.line);
    for (const po of pos) {
      if (left <= 0) break;
      if (!isOpenPo(po) || poLocation(po) !== s.location) continue;
      for (const line of po.lines) {
        if (left <= 0) break;
        if (line.sku !== s.sku) continue;
        const q = Math.min(left, uncommittedIncoming(line));
        if (q <= 0) continue;
        line.covers.push({ order: s.order, line: s.line, quantity: q });
        line.surplus = Math.max(0, line.surplus - q);
        assignments.push({ poNumber: po.poNumber, lineNo: line.lineNo, sku: s.sku, order: s.order, line: s.line, quantity: q });
        left -= q;
      }
    }
    if (left > 0) remaining.push({ ...s, quantity: left });
  }
  return { assignments, remaining, purchaseOrders: pos };
};
