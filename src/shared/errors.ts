/**
 * One error family for the whole service. Every error says whether a retry can help, so the
 * single BullMQ adapter (src/jobs/define-job.ts) can turn permanent ones into UnrecoverableError
 * and ops see `[CODE] message` in Bull Board.
 */
export type ErrorMeta = Record<string, unknown>;

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  readonly meta: ErrorMeta;
  constructor(message: string, meta: ErrorMeta = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.meta = meta;
  }
}

/** Retry can help: network trouble, 5xx, a lock held elsewhere. */
export class TransientError extends AppError {
  readonly retryable = true;
  constructor(
    readonly code: string,
    message: string,
    meta: ErrorMeta = {},
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, meta, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
  readonly retryAfterMs: number | undefined;
}

/** The remote side asked us to slow down; waiting is the fix, not failing. */
export class RateLimitedError extends TransientError {
  constructor(code: string, message: string, retryAfterMs: number, meta: ErrorMeta = {}) {
    super(code, message, meta, { retryAfterMs });
  }
}

/** Retry cannot help until a person changes data, config or credentials. */
export class PermanentError extends AppError {
  readonly retryable = false;
  constructor(
    readonly code: string,
    message: string,
    meta: ErrorMeta = {},
    options?: { cause?: unknown },
  ) {
    super(message, meta, options);
  }
}

export const isRetryable = (err: unknown): boolean => (err instanceof AppError ? err.retryable : true);
