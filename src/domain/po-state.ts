import { IllegalTransitionError } from "./errors.js";
import type { PoState } from "./purchase-order.js";

const NEXT: Record<PoState, readonly PoState[]> = {
  draft: ["issued", "cancelled"],
  issued: ["acknowledged", "partially_received", "received", "cancelled"],
  acknowledged: ["partially_received", "received", "cancelled"],
  // partially_received → closed: the vendor will not send the rest (short-closed).
  partially_received: ["received", "closed"],
  received: ["closed"],
  closed: [],
  cancelled: [],
};

export const canTransitionPo = (from: PoState, to: PoState): boolean => from === to || NEXT[from].includes(to);

/** Returns `to` or throws IllegalTransitionError (PO.ILLEGAL_TRANSITION); same state is a no-op. */
export const transitionPo = (from: PoState, to: PoState, ref?: string): PoState => {
  if (!canTransitionPo(from, to)) throw new IllegalTransitionError("PO", from, to, ref);
  return to;
};
