import { IllegalTransitionError } from "./errors.js";

/** Our lifecycle of a sales order (distinct from the channel's OrderStatus). */
export type SalesOrderState = "open" | "on_hold" | "ready" | "fulfilled" | "cancelled";

const NEXT: Record<SalesOrderState, readonly SalesOrderState[]> = {
  open: ["on_hold", "ready", "fulfilled", "cancelled"],
  // ready → on_hold: an edit raised a quantity or a stock correction took units away.
  on_hold: ["ready", "fulfilled", "cancelled"],
  ready: ["on_hold", "fulfilled", "cancelled"],
  fulfilled: [],
  cancelled: [],
};

export const canTransitionOrder = (from: SalesOrderState, to: SalesOrderState): boolean => from === to || NEXT[from].includes(to);

/**
 * Returns `to` or throws IllegalTransitionError (ORDER.ILLEGAL_TRANSITION). Staying in the same
 * state is allowed so a retried job is a no-op.
 */
export const transitionOrder = (from: SalesOrderState, to: SalesOrderState, ref?: string): SalesOrderState => {
  if (!canTransitionOrder(from, to)) throw new IllegalTransitionError("ORDER", from, to, ref);
  return to;
};

/** The state an evaluation implies for a live order. */
export const orderStateFor = (input: { status: "open" | "cancelled" | "closed"; onHold: boolean; needed: number }): SalesOrderState =>
  input.status === "cancelled" ? "cancelled" : input.status === "closed" ? "fulfilled" : input.onHold ? "on_hold" : input.needed > 0 ? "ready" : "open";
