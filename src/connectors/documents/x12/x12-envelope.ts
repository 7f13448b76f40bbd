import { X12Error } from "./x12-error.js";

/**
 * Writing X12 envelopes (ISA/GS/ST … SE/GE/IEA). Rules from api-formats.md §3.1 and the node-x12
 * sample (https://github.com/aaronhuggins/node-x12): ISA is fixed-width (106 characters with the
 * terminator), SE01 counts ST..SE, GE02 = GS06, IEA02 = ISA13.
 */
export interface X12Separators {
  element: string;
  segment: string;
  component: string;
  /** ISA11 in 00401: the standards id `U`. */
  repetition: string;
}

export const DEFAULT_SEPARATORS: X12Separators = { element: "*", segment: "~", component: ">", repetition: "U" };

export interface X12Party {
  qualifier: string;
  id: string;
}

export interface X12Envelope {
  sender: X12Party;
  receiver: X12Party;
  /** ISA13 (1..999,999,999), unique per trading partner; GS06 and ST02 are derived from it. */
  controlNumber: number;
  usage: "P" | "T";
  /** Instant written into ISA09/10 and GS04/05 (UTC). */
  at: string;
}

/** X12 has no escape character: drop separators and non-printable/non-ASCII from values. */
export const x12Value = (value: string, seps: X12Separators = DEFAULT_SEPARATORS): string => {
  const ascii = value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  let out = "";
  for (const ch of ascii) {
    const bad = ch === seps.element || ch === seps.segment || ch === seps.component || ch < " " || ch > "~";
    out += bad ? " " : ch;
  }
  return out.replace(/\s+/g, " ").trim();
};

const fixed = (value: string, width: number): string => {
  if (value.length > width) throw new X12Error("FIELD_TOO_LONG", `'${value}' is longer than ${width} characters`);
  return value.padEnd(width, " ");
};

const checkControl = (n: number): number => {
  if (!Number.isInteger(n) || n < 1 || n > 999_999_999) {
    throw new X12Error("BAD_CONTROL_NUMBER", `control number must be 1..999999999, got ${n}`);
  }
  return n;
};

const stamp = (iso: string): { ccyymmdd: string; yymmdd: string; hhmm: string } => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new X12Error("BAD_DATE", `not a date: ${iso}`);
  const s = d.toISOString();
  const ccyymmdd = s.slice(0, 10).replace(/-/g, "");
  return { ccyymmdd, yymmdd: ccyymmdd.slice(2), hhmm: s.slice(11, 16).replace(":", "") };
};

export const x12Date = (iso: string): string => stamp(iso).ccyymmdd;

/** Wrap the body segments of ONE transaction set (without ST/SE) in ST/SE, GS/GE and ISA/IEA. */
export const wrapTransaction = (
  args: { transactionSet: string; functionalId: string; version: string; body: string[][] },
  env: X12Envelope,
  seps: X12Separators = DEFAULT_SEPARATORS,
): string => {
  const control = checkControl(env.controlNumber);
  const { ccyymmdd, yymmdd, hhmm } = stamp(env.at);
  const st02 = String(control).padStart(4, "0");
  const isa = [
    "ISA", "00", fixed("", 10), "00", fixed("", 10),
    fixed(env.sender.qualifier, 2), fixed(x12Value(env.sender.id, seps), 15),
    fixed(env.receiver.qualifier, 2), fixed(x12Value(env.receiver.id, seps), 15),
    yymmdd, hhmm, seps.repetition, "00401", String(control).padStart(9, "0"), "0", env.usage, seps.component,
  ];
  const transaction = [["ST", args.transactionSet, st02], ...args.body];
  transaction.push(["SE", String(transaction.length + 1), st02]);
  const segments = [
    isa,
    ["GS", args.functionalId, x12Value(env.sender.id, seps), x12Value(env.receiver.id, seps), ccyymmdd, hhmm, String(control), "X", args.version],
    ...transaction,
    ["GE", "1", String(control)],
    ["IEA", "1", String(control).padStart(9, "0")],
  ];
  return segments.map((s) => s.join(seps.element) + seps.segment).join("\n") + "\n";
};
