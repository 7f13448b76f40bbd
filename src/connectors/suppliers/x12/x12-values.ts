import { X12Error } from "../../documents/x12/x12-error.js";
import type { X12Segment } from "../../documents/x12/x12-reader.js";
import { el } from "../../documents/x12/x12-reader.js";

/** Field readers shared by the 855 and 856 readers; each failure names the segment and element. */
const where = (seg: X12Segment, n: number): string => `${seg.id}${String(n).padStart(2, "0")} (segment ${seg.index + 1})`;

export const required = (seg: X12Segment, n: number): string => {
  const v = el(seg, n).trim();
  if (v === "") throw new X12Error("MISSING_ELEMENT", `${where(seg, n)} is required`, { segment: seg.index });
  if (v.length > 80) throw new X12Error("ELEMENT_TOO_LONG", `${where(seg, n)} is longer than 80 characters`, { segment: seg.index });
  return v;
};

/** Whole units (X12 R type, "12" or "12.0"), at most 9 digits: larger counts are refused, not wrapped. */
export const quantity = (seg: X12Segment, n: number): number => {
  const v = required(seg, n);
  const m = /^(\d{1,9})(\.0*)?$/.exec(v);
  if (!m) throw new X12Error("BAD_QUANTITY", `${where(seg, n)} must be a whole number of units up to 9 digits, got '${v.slice(0, 20)}'`, { segment: seg.index });
  return Number(m[1]);
};

export const optionalLineNo = (value: string): number | undefined => (/^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : undefined);

/** CCYYMMDD → YYYY-MM-DD, checked to be a real calendar date. */
export const isoDate = (seg: X12Segment, n: number): string => {
  const v = required(seg, n);
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : "";
  const d = new Date(`${iso}T00:00:00Z`);
  if (!m || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
    throw new X12Error("BAD_DATE", `${where(seg, n)} must be a date CCYYMMDD, got '${v.slice(0, 20)}'`, { segment: seg.index });
  }
  return iso;
};

/** HHMM or HHMMSS → "HH:MM:SS". */
export const isoTime = (seg: X12Segment, n: number): string => {
  const v = el(seg, n).trim();
  if (v === "") return "00:00:00";
  const m = /^([01]\d|2[0-3])([0-5]\d)([0-5]\d)?$/.exec(v);
  if (!m) throw new X12Error("BAD_TIME", `${where(seg, n)} must be HHMM or HHMMSS, got '${v.slice(0, 20)}'`, { segment: seg.index });
  return `${m[1]}:${m[2]}:${m[3] ?? "00"}`;
};

/** Qualifier/value pairs from element `from` on (PO1 06/07…, LIN 02/03…): first value per qualifier. */
export const productIds = (seg: X12Segment, from: number): Map<string, string> => {
  const ids = new Map<string, string>();
  for (let i = from; i + 1 < seg.elements.length; i += 2) {
    const q = el(seg, i).trim();
    const v = el(seg, i + 1).trim();
    if (q !== "" && v !== "" && !ids.has(q)) ids.set(q, v);
  }
  return ids;
};

/** CTT01, when present, must equal the count it summarises (PO1 lines in an 855, HL loops in an 856). */
export const checkCtt = (segments: X12Segment[], actual: number, what: string): void => {
  const ctt = segments.find((s) => s.id === "CTT");
  if (!ctt) return;
  const declared = el(ctt, 1).trim();
  if (!/^\d{1,9}$/.test(declared) || Number(declared) !== actual) {
    throw new X12Error("COUNT_MISMATCH", `CTT01 declares ${declared.slice(0, 12)} but there are ${actual} ${what}`, { segment: ctt.index });
  }
};
