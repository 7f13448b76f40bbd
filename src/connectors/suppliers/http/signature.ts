import { createHmac, timingSafeEqual } from "node:crypto";
import { SupplierInputError } from "../supplier-input-error.js";

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>`, in both directions. */
export const SIGNATURE_HEADER = "X-Backorder-Signature";

export const signBody = (rawBody: string | Uint8Array, secret: string): string =>
  `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;

/**
 * Checks the signature over the exact bytes received (never a re-serialised body) with a
 * constant-time comparison; throws SupplierInputError SUPPLIER.MISSING_SIGNATURE / BAD_SIGNATURE.
 */
export const verifySupplierSignature = (rawBody: string | Uint8Array, header: string | undefined | null, secret: string): void => {
  if (typeof header !== "string" || header === "") throw new SupplierInputError("MISSING_SIGNATURE", `no ${SIGNATURE_HEADER} header`);
  if (secret === "") throw new SupplierInputError("NO_SECRET", "no signing secret configured");
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) throw new SupplierInputError("BAD_SIGNATURE", "signature must be sha256=<64 hex digits>");
  const given = Buffer.from((m[1] as string).toLowerCase(), "hex");
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  if (!timingSafeEqual(given, expected)) throw new SupplierInputError("BAD_SIGNATURE", "signature does not match the body");
};
