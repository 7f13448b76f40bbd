/** Where a batch ships: the vendor's default warehouse, another warehouse, or a customer (drop-ship). */
export type BatchShipTo = { kind: "warehouse"; location: string } | { kind: "customer"; order: string };

export interface BatchKeyInput {
  vendor: string;
  windowStart: string;
  shipTo: BatchShipTo;
  /** The vendor's default receiving location: POs to it keep the short key vendor@windowStart. */
  defaultLocation: string;
  /** 1-based part when maxLinesPerPo splits a batch; part 1 keeps the plain key. */
  part?: number | undefined;
}

/**
 * The PO's idempotency key: `vendor@windowStart`, plus `/wh:<location>` for a warehouse other than
 * the vendor's default (C20: one PO per ship-to warehouse), `/to:<order>` for drop-ship, and
 * `#<part>` for parts after the first.
 */
export const batchKeyFor = (input: BatchKeyInput): string => {
  const base = `${input.vendor}@${input.windowStart}`;
  const where =
    input.shipTo.kind === "customer"
      ? `/to:${input.shipTo.order}`
      : input.shipTo.location === input.defaultLocation
        ? ""
        : `/wh:${input.shipTo.location}`;
  const part = input.part !== undefined && input.part > 1 ? `#${input.part}` : "";
  return `${base}${where}${part}`;
};

/**
 * FNV-1a 64-bit of the text, as 9 base-36 digits (about 46 bits): a stable fingerprint, not for
 * security. Two batches of the same minute share a number only if these 9 digits agree.
 */
const fingerprint = (text: string): string => {
  let h = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return (h % 36n ** 9n).toString(36).toUpperCase().padStart(9, "0");
};

/** The window start's minute as yymmddhhmm (UTC), so PO numbers sort by window; `000000000` if unreadable. */
const minuteOf = (iso: string): string => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "0000000000";
  return new Date(t).toISOString().replace(/[-:T]/g, "").slice(2, 12);
};

/** ASC X12 4010 element 324 (BEG03, echoed in BAK03 and PRF01) is AN 1/22. */
export const PO_NUMBER_MAX_LENGTH = 22;

/**
 * PO number derived only from the batch key: PO<yymmddhhmm>-<fingerprint of the whole key>, 22
 * characters, so it fits X12 850 BEG03 and the partner's 855/856 can echo it back unchanged.
 * The fingerprint covers vendor, exact window start (two windows within one minute are different
 * batches), ship-to and part; the vendor is on the PO itself, not in its number.
 */
export const poNumberFor = (input: BatchKeyInput): string =>
  `PO${minuteOf(input.windowStart)}-${fingerprint(batchKeyFor(input))}`;
