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
