import type { SalesOrder } from "../../domain/order.js";

/** A payload we could not accept, kept for quarantine (never dropped). */
export interface Rejection {
  ref: string;
  reason: string;
  payload: unknown;
}

/** A valid payload that is deliberately not demand yet (Amazon Pending): not an error, not stored. */
export interface Deferral {
  ref: string;
  reason: string;
}

export interface MapResult {
  orders: SalesOrder[];
  rejected: Rejection[];
  deferred?: Deferral[];
}

export type MapOne = { ok: true; order: SalesOrder } | { ok: false; rejection: Rejection } | { ok: "deferred"; deferral: Deferral };

/** Reads a zod error as one line naming each path (the quarantine reason a person reads). */
export const describeZodError = (err: { issues: { path: (string | number)[]; message: string }[] }): string =>
  err.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");

/** Wire timestamps (with offsets or in Shopify's CSV "2025-05-11 09:55:16 -0400" form) to ISO UTC. */
export const toIsoInstant = (text: string): string => {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(text.trim());
  const normal = m ? `${m[1]}T${m[2]}${m[3]}:${m[4]}` : text.trim();
  const d = new Date(normal);
  if (Number.isNaN(d.getTime())) throw new Error(`not a timestamp: ${JSON.stringify(text)}`);
  return d.toISOString();
};

export const collect = (results: MapOne[]): MapResult => {
  const out: Required<MapResult> = { orders: [], rejected: [], deferred: [] };
  for (const r of results) {
    if (r.ok === true) out.orders.push(r.order);
    else if (r.ok === false) out.rejected.push(r.rejection);
    else out.deferred.push(r.deferral);
  }
  return out;
};

/** A rejection with a reason code of its own (read as AREA.CODE); any other Error reads as AREA.BAD_VALUE. */
export class MapError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "MapError";
  }
}

/** The quarantine reason for an error thrown while mapping one record. */
export const rejectionReason = (area: string, err: unknown): string =>
  `${area}.${err instanceof MapError ? err.code : "BAD_VALUE"}: ${err instanceof Error ? err.message : String(err)}`;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A file's unit count, with a reason that says what is wrong with it (a "-3" is whole, it is
 * negative). Zero is refused unless the caller says the row may carry it (a cancelled Amazon item).
 */
export const wholeUnits = (raw: string, what: string, opts: { allowZero?: boolean; zeroNote?: string } = {}): number => {
  const text = raw.trim();
  const q = JSON.stringify(raw);
  if (text === "") throw new Error(`${what} is empty`);
  if (!DECIMAL.test(text)) throw new Error(`${what} ${q} is not a number`);
  const value = Number(text);
  if (text.startsWith("-") && value !== 0) throw new Error(`${what} ${q} is negative; a line has at least 1 unit`);
  // Past 2^53 a Number is no longer the count the file wrote (…993 reads as …992).
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) throw new Error(`${what} ${q} is too large (at most ${Number.MAX_SAFE_INTEGER})`);
  if (!Number.isInteger(value)) throw new Error(`${what} ${q} is fractional; quantities are whole units`);
  if (!/^\+?\d+$/.test(text)) throw new Error(`${what} ${q} is not written as whole digits`);
  if (value === 0 && !opts.allowZero) throw new Error(`${what} is 0; a line has at least 1 unit${opts.zeroNote ? ` (${opts.zeroNote})` : ""}`);
  return value;
};

/**
 * The longest line title each marketplace can produce. A longer one did not come from the
 * marketplace (a hand-edited or corrupted file, a forged payload), so its order is quarantined with
 * TITLE_TOO_LONG, as the hostile corpus's oversized webhook strings are, never stored whole nor cut
 * without a word.
 * - shopify: a line item's name is "<product title> - <variant title>"
 *   (https://shopify.dev/docs/api/liquid/objects/line_item); a product title has at most 255
 *   characters and a variant title joins up to 3 option values of at most 255 each with " / "
 *   (Shopify's product limits, e.g. https://sync.krokanti.com/en/blog/shopify-product-limits-variants-options-2026),
 *   so 255 + 3 + 3 × 255 + 2 × 3 = 1029. Checking the product title alone against 255 would
 *   quarantine genuine orders of long products with a variant.
 * - amazon: "Product titles must not have more than 200 characters, including spaces. This upper
 *   limit applies to all categories." (Seller Central, product detail page rules:
 *   https://sellercentral.amazon.com/gp/help/external/help.html?itemID=200390640). The guard sits
 *   well above that, at 500: the rule came in for new listings, older listings may still carry
 *   longer titles, and a genuine order must not wait in quarantine for its listing's history.
 */
export const LINE_TITLE_LIMIT = { shopify: 1029, amazon: 500 } as const;

/** Characters as the marketplaces count them (code points, so an emoji is one). */
const charCount = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i += (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1) n++;
  return n;
};

export const checkLineTitle = (title: string, what: string, marketplace: keyof typeof LINE_TITLE_LIMIT): string => {
  const limit = LINE_TITLE_LIMIT[marketplace];
  // A string's UTF-16 length is never below its code point count, so most titles need no count.
  if (title.length <= limit) return title;
  const n = charCount(title);
  if (n > limit)
    throw new MapError("TITLE_TOO_LONG", `${what} is ${n} characters; ${marketplace === "shopify" ? "Shopify" : "Amazon"} line titles have at most ${limit} (${JSON.stringify(title.slice(0, 40))}…)`);
  return title;
};
