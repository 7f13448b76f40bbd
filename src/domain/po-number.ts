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

/** FNV-1a 32-bit: a short, stable fingerprint; not for security. */
const fnv1a = (text: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).toUpperCase().padStart(7, "0");
};

/**
 * The window start as yyyymmddThhmm, with the seconds when it is not on a whole minute and a
 * fingerprint when it is not on a whole second: two windows of one vendor that start within the
 * same minute (a manual close beside the cron, a catch-up at start) are different batches and must
 * not share a PO number, or the second one's PO would be taken for the first and its lines dropped.
 */
const stamp = (iso: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|[+-]00:?00)?$/.exec(iso);
  if (!m) return fnv1a(iso);
  const minute = `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}`;
  const seconds = m[6] ?? "00";
  if (/[1-9]/.test(m[7] ?? "")) return `${minute}${seconds}-${fnv1a(iso)}`;
  return seconds === "00" ? minute : `${minute}${seconds}`;
};

/**
 * PO number derived only from the batch key: PO-<VENDOR>-<yyyymmddThhmm>[-<fingerprint>]-<part>.
 * The fingerprint of the ship-to suffix keeps drop-ship and other-warehouse POs of one window apart.
 */
export const poNumberFor = (input: BatchKeyInput): string => {
  const vendor = input.vendor.toUpperCase().replace(/[^A-Z0-9]+/g, "").slice(0, 12) || "VENDOR";
  const full = batchKeyFor({ ...input, part: 1 });
  const base = `${input.vendor}@${input.windowStart}`;
  const suffix = full === base ? "" : `-${fnv1a(full.slice(base.length))}`;
  return `PO-${vendor}-${stamp(input.windowStart)}${suffix}-${input.part ?? 1}`;
};
