/**
 * Backoff for every worker: the delay the remote side asked for when it said so, otherwise
 * capped exponential backoff with full jitter (so many failed jobs do not retry in lockstep).
 * `random` is injected so the behaviour is testable.
 */
export const backoffDelay = (attemptsMade: number, err: unknown, baseMs: number, random: () => number = Math.random): number => {
  const asked = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  if (typeof asked === "number" && asked > 0) return asked;
  const cap = Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), 10 * 60_000);
  return Math.round(cap / 2 + random() * (cap / 2));
};

export const BACKOFF_NAME = "backorder";
