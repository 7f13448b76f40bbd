/** Errors raised by pure domain rules. They carry no I/O and are never retryable. */
export class DomainError extends Error {
  readonly retryable = false;
  constructor(
    readonly code: string,
    message: string,
    readonly meta: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** A state change the state machine forbids; the message names both states. */
export class IllegalTransitionError extends DomainError {
  constructor(
    readonly machine: "ORDER" | "PO",
    readonly from: string,
    readonly to: string,
    ref?: string,
  ) {
    super(`${machine}.ILLEGAL_TRANSITION`, `${machine === "ORDER" ? "sales order" : "purchase order"}${ref ? ` ${ref}` : ""} cannot go from ${from} to ${to}`, { from, to, ref });
    this.name = "IllegalTransitionError";
  }
}
