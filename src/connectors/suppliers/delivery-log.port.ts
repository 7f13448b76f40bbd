/**
 * The record of a PO delivery over a transport that cannot deduplicate on its own side (e-mail).
 * Keyed by PO number + transport; `sending` is written before the send, `sent` after it.
 */
export type DeliveryClaim =
  /** This caller may send: nothing was started before, or an earlier attempt failed before sending. */
  | { outcome: "claimed"; attempt: number; previous: "none" | "failed" }
  /** An earlier attempt began sending and never recorded an outcome (crash, lost lease): unknown. */
  | { outcome: "claimed"; attempt: number; previous: "unknown"; since: string }
  | { outcome: "sent"; reference: string }
  /** Another worker holds an unexpired claim. */
  | { outcome: "busy"; leaseUntil: string };

export interface DeliveryLog {
  claim(args: { poNumber: string; transport: string; now: Date; leaseMs: number }): Promise<DeliveryClaim>;
  markSent(args: { poNumber: string; transport: string; attempt: number; reference: string; now: Date }): Promise<void>;
  /** The send certainly did not happen (refused before the peer accepted): free the claim. */
  markFailed(args: { poNumber: string; transport: string; attempt: number; reason: string; now: Date }): Promise<void>;
}
