import { AxiosError } from "axios";
import type { AxiosResponse } from "axios";
import { PermanentError, RateLimitedError, TransientError } from "../../shared/errors.js";
import type { AppError } from "../../shared/errors.js";

/**
 * The single status → error rule (DESIGN.md "Errors"): 429 → rate limited with retry-after,
 * 5xx and timeouts → transient, 401/403 → permanent auth, other 4xx → permanent. Each connector
 * calls it with its own area and request-id header so codes read `SHOPIFY.RATE_LIMITED` etc.
 */
export interface ClassifyOptions {
  area: string;
  requestIdHeader: string;
  /** Wait to assume on 429 when the peer sends no Retry-After (Amazon documents none). */
  defaultRetryAfterMs?: number;
}

const retryAfterMs = (res: AxiosResponse, fallback: number): number => {
  const h = res.headers["retry-after"];
  const secs = typeof h === "string" ? Number(h) : NaN;
  return Number.isFinite(secs) && secs >= 0 ? Math.ceil(secs * 1000) : fallback;
};

/** Short description of the body for logs; never the whole body (it may carry personal data). */
const bodyHint = (data: unknown): string => {
  const errs = (data as { errors?: unknown } | null)?.errors;
  const text = typeof errs === "string" ? errs : Array.isArray(errs) ? errs.map((e) => (e as { code?: string; message?: string }).code ?? (e as { message?: string }).message).join(",") : "";
  return text.slice(0, 200);
};

/** null when the response is a success (2xx). */
export const classifyResponse = (res: AxiosResponse, o: ClassifyOptions): AppError | null => {
  const s = res.status;
  if (s >= 200 && s < 300) return null;
  const requestId = res.headers[o.requestIdHeader.toLowerCase()] as string | undefined;
  const meta = { status: s, requestId, hint: bodyHint(res.data) };
  const msg = `${o.area} answered HTTP ${s}${meta.hint ? ` (${meta.hint})` : ""}${requestId ? ` request ${requestId}` : ""}`;
  if (s === 429) return new RateLimitedError(`${o.area}.RATE_LIMITED`, msg, retryAfterMs(res, o.defaultRetryAfterMs ?? 1000), meta);
  if (s >= 500) return new TransientError(`${o.area}.UPSTREAM_${s}`, msg, meta);
  if (s === 401 || s === 403) return new PermanentError(`${o.area}.AUTH`, msg, meta);
  if (s === 408) return new TransientError(`${o.area}.TIMEOUT`, msg, meta);
  return new PermanentError(`${o.area}.HTTP_${s}`, msg, meta);
};

/** Errors thrown by axios itself: no response at all (timeouts, resets, refused). */
export const classifyTransportError = (err: unknown, o: ClassifyOptions): AppError => {
  if (err instanceof AxiosError) {
    const code = err.code === "ECONNABORTED" || err.code === "ETIMEDOUT" ? "TIMEOUT" : "NETWORK";
    return new TransientError(`${o.area}.${code}`, `${o.area} unreachable: ${err.code ?? err.message}`, { cause: err.code }, { cause: err });
  }
  return new TransientError(`${o.area}.NETWORK`, `${o.area} request failed: ${(err as Error).message}`, {}, { cause: err });
};
