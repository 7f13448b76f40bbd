import { isOpenPo } from "./incoming.js";
import type { PurchaseOrder } from "./purchase-order.js";

/** A waiting line as a batch window sees it: its recorded shortfall. */
export interface WaitingLine {
  order: string;
  line: string;
  quantity: number;
}

export interface WindowAttention<L extends WaitingLine> {
  /** Waiting lines whose recorded shortfall differs from what open POs cover for them. */
  lines: L[];
  /** Orders whose coverage may be stale: those of the lines above, and of covers whose line no longer waits. */
  orders: Set<string>;
}

/**
 * What a batch window has to look at. A line whose recorded shortfall equals the units open POs
 * already promise it can need nothing more (its live need is never above what is recorded, see
 * liveNeed), so reading its order's evaluation again would only confirm that. Looking only at the
 * rest keeps a window's work proportional to what changed, not to the backlog of lines waiting
 * for goods already on order. Coverage that turns stale while the recorded figure still matches
 * (an evaluation recorded but not finished) is released by a later window, once the backorder
 * line is rewritten; it never causes a second purchase.
 */
export const windowAttention = <L extends WaitingLine>(waiting: readonly L[], purchaseOrders: readonly PurchaseOrder[]): WindowAttention<L> => {
  const covered = new Map<string, { order: string; quantity: number }>();
  for (const po of purchaseOrders.filter(isOpenPo)) {
    for (const l of po.lines) {
      for (const c of l.covers) {
        const key = `${c.order}#${c.line}`;
        covered.set(key, { order: c.order, quantity: (covered.get(key)?.quantity ?? 0) + c.quantity });
      }
    }
  }
  const lines: L[] = [];
  const orders = new Set<string>();
  const seen = new Set<string>();
  for (const l of waiting) {
    const key = `${l.order}#${l.line}`;
    seen.add(key);
    if (l.quantity === (covered.get(key)?.quantity ?? 0)) continue;
    lines.push(l);
    orders.add(l.order);
  }
  for (const [key, c] of covered) if (!seen.has(key) && c.quantity > 0) orders.add(c.order);
  return { lines, orders };
};
