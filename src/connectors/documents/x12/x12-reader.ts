import type { X12Separators } from "./x12-envelope.js";
import { X12Error } from "./x12-error.js";

/**
 * A strict, size-bounded X12 reader for inbound files. Separators are declared by the ISA itself
 * (api-formats.md §3.1): the 4th character is the element separator, ISA16 the component
 * separator and the character after ISA16 the segment terminator.
 */
export interface X12Segment {
  id: string;
  /** elements[0] is the segment id; elements[1] is XX01 and so on. */
  elements: string[];
  index: number;
}

export interface X12Transaction {
  type: string;
  controlNumber: string;
  segments: X12Segment[];
}

export interface X12Group {
  functionalId: string;
  controlNumber: string;
  transactions: X12Transaction[];
}

export interface X12Interchange {
  separators: X12Separators;
  controlNumber: string;
  senderId: string;
  receiverId: string;
  groups: X12Group[];
}

export const X12_LIMITS = { maxChars: 5_000_000, maxSegments: 100_000 };
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

const readSeparators = (text: string): X12Separators => {
  if (!text.startsWith("ISA")) throw new X12Error("NO_ISA", "an interchange must start with ISA");
  if (text.length < 106) throw new X12Error("SHORT_ISA", "the ISA segment needs 106 characters");
  const element = text.charAt(3);
  const isa = text.slice(0, 105).split(element);
  if (isa.length !== 17) throw new X12Error("BAD_ISA", `ISA must have 16 elements separated by '${element}'`);
  ISA_WIDTHS.forEach((w, i) => {
    if ((isa[i + 1] ?? "").length !== w) throw new X12Error("BAD_ISA", `ISA${String(i + 1).padStart(2, "0")} must be ${w} characters wide`);
  });
  const component = text.charAt(104);
  const segment = text.charAt(105);
  const repetition = isa[11] ?? "U";
  const seps = [element, component, segment];
  if (new Set(seps).size !== 3 || seps.some((c) => /[A-Za-z0-9 ]/.test(c))) {
    throw new X12Error("BAD_SEPARATORS", "element, component and segment separators must be distinct non-alphanumeric characters");
  }
  return { element, component, segment, repetition };
};

const splitSegments = (text: string, seps: X12Separators): X12Segment[] => {
  const raw = text.split(seps.segment);
  if (raw.length > X12_LIMITS.maxSegments + 1) throw new X12Error("TOO_LARGE", `more than ${X12_LIMITS.maxSegments} segments`);
  const out: X12Segment[] = [];
  for (const chunk of raw) {
    const s = chunk.replace(/^[\r\n]+|[\r\n]+$/g, "");
    if (s === "") continue;
    const elements = s.split(seps.element);
    const id = elements[0] ?? "";
    if (!/^[A-Z][A-Z0-9]{1,2}$/.test(id)) throw new X12Error("BAD_SEGMENT", `segment ${out.length + 1} has no valid id ('${id.slice(0, 10)}')`, { index: out.length });
    out.push({ id, elements, index: out.length });
  }
  return out;
};

/** Element n (1-based) of a segment, "" when absent. */
export const el = (seg: X12Segment, n: number): string => seg.elements[n] ?? "";

const expectCount = (label: string, declared: string, actual: number, index: number): void => {
  if (!/^\d{1,9}$/.test(declared) || Number(declared) !== actual) {
    throw new X12Error("COUNT_MISMATCH", `${label} declares ${declared.slice(0, 12)} but there are ${actual}`, { index });
  }
};

const expectEqual = (label: string, a: string, b: string, index: number): void => {
  if (a.trim() !== b.trim()) throw new X12Error("CONTROL_MISMATCH", `${label}: '${a.slice(0, 12)}' does not match '${b.slice(0, 12)}'`, { index });
};

const takeTransaction = (segs: X12Segment[], start: number): [X12Transaction, number] => {
  const st = segs[start] as X12Segment;
  const body: X12Segment[] = [];
  for (let i = start + 1; i < segs.length; i++) {
    const s = segs[i] as X12Segment;
    if (s.id === "SE") {
      expectCount("SE01", el(s, 1), i - start + 1, i);
      expectEqual("SE02 vs ST02", el(s, 2), el(st, 2), i);
      return [{ type: el(st, 1), controlNumber: el(st, 2), segments: body }, i + 1];
    }
    if (["ST", "GS", "GE", "ISA", "IEA"].includes(s.id)) break;
    body.push(s);
  }
  throw new X12Error("UNTERMINATED", `transaction set ${el(st, 1).slice(0, 6)} has no SE`, { index: start });
};

const takeGroup = (segs: X12Segment[], start: number): [X12Group, number] => {
  const gs = segs[start] as X12Segment;
  const transactions: X12Transaction[] = [];
  let i = start + 1;
  while (segs[i]?.id === "ST") {
    const [t, next] = takeTransaction(segs, i);
    transactions.push(t);
    i = next;
  }
  const ge = segs[i];
  if (ge?.id !== "GE") throw new X12Error("UNTERMINATED", "functional group has no GE where expected", { index: i });
  expectCount("GE01", el(ge, 1), transactions.length, i);
  expectEqual("GE02 vs GS06", el(ge, 2), el(gs, 6), i);
  return [{ functionalId: el(gs, 1), controlNumber: el(gs, 6), transactions }, i + 1];
};

/** Parse one interchange; throws X12Error for anything malformed, never a plain Error. */
export const readX12 = (input: string): X12Interchange => {
  if (typeof input !== "string") throw new X12Error("NOT_TEXT", "X12 input must be text");
  if (input.length > X12_LIMITS.maxChars) throw new X12Error("TOO_LARGE", `more than ${X12_LIMITS.maxChars} characters`);
  const text = input.replace(/^\uFEFF/, "").trimStart();
  const separators = readSeparators(text);
  const segs = splitSegments(text, separators);
  const isa = segs[0] as X12Segment;
  const groups: X12Group[] = [];
  let i = 1;
  while (segs[i]?.id === "GS") {
    const [g, next] = takeGroup(segs, i);
    groups.push(g);
    i = next;
  }
  const iea = segs[i];
  if (iea?.id !== "IEA") throw new X12Error("UNTERMINATED", "interchange has no IEA where expected", { index: i });
  if (i !== segs.length - 1) throw new X12Error("TRAILING_DATA", "segments after IEA (one interchange per file)", { index: i + 1 });
  expectCount("IEA01", el(iea, 1), groups.length, i);
  expectEqual("IEA02 vs ISA13", el(iea, 2), el(isa, 13), i);
  return { separators, controlNumber: el(isa, 13), senderId: el(isa, 6).trim(), receiverId: el(isa, 8).trim(), groups };
};
