import { IllegalTransitionError } from "./errors.js";
import type { Coverage, PoLine, PurchaseOrder } from "./purchase-order.js";

export interface AckLine {
  lineNo: number;
  confirmedQuantity: number;
  expectedAt?: string | undefined;
}

/** Demand a PO no longer covers: goes back to pending backorder lines for the next window. */
export interface ReleasedShortfall {
  order: string;
  line: string;
  sku: string;
  quantity: number;
}

export interface AcknowledgementResult {
  purchaseOrder: PurchaseOrder;
  released: ReleasedShortfall[];
}

/** Trims covers from the newest promise backwards until they fit in `room` units. */
const trimCovers = (line: PoLine, room: number): { covers: Coverage[]; released: ReleasedShortfall[] } => {
  const covers = line.covers.map((c) => ({ ...c }));
  const released: ReleasedShortfall[] = [];
  let excess = covers.reduce((s, c) => s + c.quantity, 0) - Math.max(0, room);
  for (let i = covers.length - 1; i >= 0 && excess > 0; i--) {
    const c = covers[i] as Coverage;
    const q = Math.min(c.quantity, excess);
    c.quantity -= q;
    excess -= q;
    released.push({ order: c.order, line: c.line, sku: line.sku, quantity: q });
  }
  return { covers: covers.filter((c) => c.quantity > 0), released };
};

const ackState = (po: PurchaseOrder): PurchaseOrder["state"] => {
  if (po.state === "issued" || po.state === "acknowledged") return "acknowledged";
  if (po.state === "partially_received") return po.state;
  throw new IllegalTransitionError("PO", po.state, "acknowledged", po.poNumber);
};

/**
 * Applies a supplier acknowledgement. Confirmed below ordered first eats the line's surplus, then
 * the newest covers, whose units come back as released shortfall (C15 d). Applying the same
 * acknowledgement twice changes nothing the second time.
 */
export const applyAcknowledgement = (po: PurchaseOrder, lines: readonly AckLine[]): AcknowledgementResult => {
  const state = ackState(po);
  const released: ReleasedShortfall[] = [];
  const byNo = new Map(lines.map((l) => [l.lineNo, l]));
  const poLines = po.lines.map((line) => {
    const ack = byNo.get(line.lineNo);
    if (!ack) return line;
    const room = ack.confirmedQuantity - line.receivedQuantity;
    const trimmed = trimCovers(line, room);
    released.push(...trimmed.released);
    const covered = trimmed.covers.reduce((s, c) => s + c.quantity, 0);
    const surplus = Math.max(0, ack.confirmedQuantity - line.receivedQuantity - covered);
    return { ...line, covers: trimmed.covers, confirmedQuantity: ack.confirmedQuantity, surplus, expectedAt: ack.expectedAt ?? line.expectedAt };
  });
  return { purchaseOrder: { ...po, state, lines: poLines }, released };
};
