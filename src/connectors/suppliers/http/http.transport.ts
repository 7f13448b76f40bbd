import type { DeliveryResult, SupplierTransport } from "../../../domain/ports.js";
import type { PurchaseOrder } from "../../../domain/purchase-order.js";
import { PermanentError, RateLimitedError, TransientError } from "../../../shared/errors.js";
import type { DocumentContext } from "../../documents/document-context.js";
import { toPoDocument } from "../../documents/po-json.schemas.js";
import { createConcurrencyCap } from "../concurrency.js";
import { SIGNATURE_HEADER, signBody } from "./signature.js";

export interface HttpTransportOptions {
  url: string;
  signingSecret: string;
  timeoutMs: number;
  maxConcurrent?: number | undefined;
  context: DocumentContext;
}

const vendorMessage = (text: string): string => {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const msg = body.message ?? body.error;
    if (typeof msg === "string") return msg.slice(0, 500);
  } catch {
    // not JSON: use the text as it came
  }
  return text.slice(0, 500);
};

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export const retryAfterMs = (header: string | null, fallbackMs = 1_000): number => {
  if (!header) return fallbackMs;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.ceil(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallbackMs : Math.max(0, at - Date.now());
};

const classify = (res: Response, text: string, po: string): DeliveryResult => {
  const meta = { status: res.status, poNumber: po };
  if (res.status >= 200 && res.status < 300) {
    const ref = (() => {
      try {
        const id = (JSON.parse(text) as { id?: unknown }).id;
        return typeof id === "string" ? id : po;
      } catch {
        return po;
      }
    })();
    return { reference: ref, duplicate: false };
  }
  // The vendor already holds a PO under this Idempotency-Key: the earlier attempt got through.
  if (res.status === 409) return { reference: po, duplicate: true };
  if (res.status === 429) throw new RateLimitedError("SUPPLIER.RATE_LIMITED", "vendor asked us to slow down", retryAfterMs(res.headers.get("retry-after")), meta);
  if (res.status >= 500) throw new TransientError("SUPPLIER.HTTP_5XX", `vendor answered ${res.status}: ${vendorMessage(text)}`, meta);
  if (res.status === 401 || res.status === 403) throw new PermanentError("SUPPLIER.AUTH", `vendor refused our credentials (${res.status}): ${vendorMessage(text)}`, meta);
  throw new PermanentError("SUPPLIER.REJECTED", `vendor rejected the PO (${res.status}): ${vendorMessage(text)}`, meta);
};

/**
 * POSTs the PO JSON with `Idempotency-Key: <poNumber>` and an HMAC signature of the raw body.
 * No retries here: BullMQ owns them, and the key makes a retried POST safe.
 */
export const createHttpTransport = (opts: HttpTransportOptions): SupplierTransport => {
  const cap = createConcurrencyCap(opts.maxConcurrent ?? 2);
  const post = async (po: PurchaseOrder, key: string): Promise<DeliveryResult> => {
    const body = JSON.stringify(toPoDocument(po, opts.context));
    let res: Response;
    let text: string;
    try {
      res = await fetch(opts.url, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key, [SIGNATURE_HEADER]: signBody(body, opts.signingSecret) },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      const code = timedOut ? "SUPPLIER.TIMEOUT" : "SUPPLIER.NETWORK";
      throw new TransientError(code, timedOut ? `no answer within ${opts.timeoutMs} ms` : `cannot reach vendor: ${String(err)}`, { poNumber: po.poNumber }, { cause: err });
    }
    return classify(res, text, po.poNumber);
  };
  return { kind: "http", deliver: (po, key) => cap.run(() => post(po, key)) };
};
