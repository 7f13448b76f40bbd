import type { Offer } from "./catalog.js";
import { isOpenPo } from "./incoming.js";
import type { PoLine, PurchaseOrder } from "./purchase-order.js";
import { roundOrderQuantity } from "./rounding.js";

/** What happened to a PO line when an order needed less than it covered. */
export interface CoverageChange {
  poNumber: string;
  lineNo: number;
  order: string;
  line: string;
  sku: string;
  released: number;
  /** shrunk/removed: draft line reduced; over_ordered: PO already sent, units arrive as free stock. */
  action: "shrunk" | "removed" | "over_ordered";
}

export interface ReconcileCoverageInput {
  order: string;
  /** Each line's shortfall after re-evaluation; lines not listed need nothing (cancelled order: []). */
  shortfalls: readonly { line: string; quantity: number }[];
  purchaseOrders: readonly PurchaseOrder[];
  /** Used to re-round shrunk draft lines; without an offer a line shrinks unit by unit. */
  offers?: readonly Offer[] | undefined;
}

export interface ReconcileCoverageResult {
  purchaseOrders: PurchaseOrder[];
  changes: CoverageChange[];
}

const coverSum = (l: PoLine): number => l.covers.reduce((s, c) => s + c.quantity, 0);

/** Drafts first (they can still shrink), then sent POs newest first. */
const releaseOrder = (a: PurchaseOrder, b: PurchaseOrder): number =>
  Number(b.state === "draft") - Number(a.state === "draft") || (a.poNumber < b.poNumber ? 1 : a.poNumber > b.poNumber ? -1 : 0);

const shrinkDraftLine = (line: PoLine, po: PurchaseOrder, offers: readonly Offer[]): PoLine | null => {
  const need = coverSum(line);
  if (need === 0) return null;
  const offer = offers.find((o) => o.vendor === po.vendor && o.sku === line.sku);
  const quantity = Math.min(line.quantity, offer ? roundOrderQuantity(need, offer) : need);
  return { ...line, quantity, surplus: quantity - need };
};

/**
 * Applies an order edit or cancellation to the POs covering it, as a difference: coverage beyond
 * what each line still lacks is released. A draft PO line shrinks (or disappears); a PO already
 * issued is left as it is and the released units arrive as available stock (C14, C16). Applying the
 * same edit twice changes nothing the second time.
 */
export const reconcileCoverage = (input: ReconcileCoverageInput): ReconcileCoverageResult => {
  const need = new Map(input.shortfalls.map((s) => [s.line, s.quantity]));
  const pos = input.purchaseOrders.map((po) => ({ ...po, lines: po.lines.map((l) => ({ ...l, covers: l.covers.map((c) => ({ ...c })) })) }));
  const covered = new Map<string, number>();
  for (const po of pos.filter(isOpenPo)) for (const l of po.lines) for (const c of l.covers) if (c.order === input.order) covered.set(c.line, (covered.get(c.line) ?? 0) + c.quantity);
  const excess = new Map([...covered].map(([line, q]) => [line, Math.max(0, q - (need.get(line) ?? 0))]));
  const changes: CoverageChange[] = [];
  for (const po of [...pos].sort(releaseOrder)) {
    if (!isOpenPo(po)) continue;
    const lines: PoLine[] = [];
    for (const line of po.lines) {
      let released = 0;
      for (const c of line.covers) {
        if (c.order !== input.order) continue;
        const q = Math.min(c.quantity, excess.get(c.line) ?? 0);
        if (q === 0) continue;
        c.quantity -= q;
        excess.set(c.line, (excess.get(c.line) ?? 0) - q);
        released += q;
        changes.push({ poNumber: po.poNumber, lineNo: line.lineNo, order: input.order, line: c.line, sku: line.sku, released: q, action: "over_ordered" });
      }
      line.covers = line.covers.filter((c) => c.quantity > 0);
      if (released === 0) lines.push(line);
      else if (po.state !== "draft") lines.push({ ...line, surplus: line.surplus + released });
      else {
        const shrunk = shrinkDraftLine(line, po, input.offers ?? []);
        for (const ch of changes) if (ch.poNumber === po.poNumber && ch.lineNo === line.lineNo) ch.action = shrunk ? "shrunk" : "removed";
        if (shrunk) lines.push(shrunk);
      }
    }
    po.lines = lines;
  }
  return { purchaseOrders: pos, changes };
};
