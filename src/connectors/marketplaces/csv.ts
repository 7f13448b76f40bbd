/**
 * RFC 4180 reader for merchant exports: quoted fields may hold the separator, doubled quotes and
 * embedded newlines (Shopify's "Note Attributes" column does), so a line split is not enough.
 */
export const parseDelimited = (text: string, sep: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === sep) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
};

/** Rows as records keyed by header name (extra or missing trailing cells tolerated). */
export const readTable = (text: string, sep: string): { header: string[]; records: Record<string, string>[] } => {
  const [header = [], ...rows] = parseDelimited(text, sep);
  const names = header.map((h) => h.trim());
  const records = rows.map((cells) => Object.fromEntries(names.map((h, i) => [h, cells[i] ?? ""])));
  return { header: names, records };
};

/** Why a file is not a merchant export at all: nothing in it, or not text. */
export interface FileProblem {
  code: "EMPTY" | "NOT_TEXT";
  detail: string;
}

/** Problems visible in decoded text; a text export never holds a NUL, a binary file nearly always does. */
export const textProblem = (text: string): FileProblem | null => {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // JavaScript's \s takes in U+FEFF, so a lone byte order mark reads as blank too.
  if (!/\S/.test(text)) return { code: "EMPTY", detail: text.length === bom ? "the file is empty" : "the file holds only blank lines" };
  const nul = text.indexOf("\u0000");
  if (nul >= 0) return { code: "NOT_TEXT", detail: `the file is not text (a NUL character at character ${nul + 1 - bom}; binary data?)` };
  return null;
};

/**
 * A file's bytes as text. Only UTF-8 is read: the exports are UTF-8, and bytes of another encoding or
 * of a binary file read leniently turn into replacement characters that no mapper could tell apart.
 */
export const decodeText = (bytes: Uint8Array): { text: string } | { problem: FileProblem } => {
  if (bytes.length === 0) return { problem: { code: "EMPTY", detail: "the file is empty (0 bytes)" } };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { problem: { code: "NOT_TEXT", detail: "the file is UTF-16 text; save or convert it as UTF-8" } };
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { problem: { code: "NOT_TEXT", detail: `the file is not text (a NUL byte at byte ${nul + 1}; binary data?)` } };
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    const problem = textProblem(text);
    return problem ? { problem } : { text };
  } catch {
    // The lenient decoding marks the first bad sequence with U+FFFD; its byte offset locates it.
    const lenient = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const at = Buffer.byteLength(lenient.slice(0, Math.max(0, lenient.indexOf("\ufffd"))), "utf8") + 1;
    return { problem: { code: "NOT_TEXT", detail: `the file is not UTF-8 text (invalid UTF-8 at byte ${at}: binary data, or text in another encoding such as Windows-1252; convert it to UTF-8)` } };
  }
};

/** A header of the other merchant format: the likely mix-up is worth naming. */
export const looksLike = (text: string): "shopify-csv" | "amazon-tsv" | null => {
  const first = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/, 1)[0] ?? "";
  if (first.split("\t").map((h) => h.trim()).includes("amazon-order-id")) return "amazon-tsv";
  if (first.includes("Lineitem quantity") && first.includes(",")) return "shopify-csv";
  return null;
};

const NAMES = { "shopify-csv": "a Shopify orders export (CSV)", "amazon-tsv": "an Amazon All Orders report (TSV)" } as const;

/**
 * A merchant export's records, or the one file-level rejection (ref "file") that says why the file
 * is not that export: empty, not text, or a header without the columns the mapper reads.
 */
export const readExport = (
  text: string,
  spec: { format: keyof typeof NAMES; area: string; sep: string; required: readonly string[] },
): { header: string[]; records: Record<string, string>[] } | { rejection: { ref: "file"; reason: string; payload: unknown } } => {
  const what = NAMES[spec.format];
  const problem = textProblem(text);
  if (problem) return { rejection: { ref: "file", reason: `${spec.area}.${problem.code}: ${problem.detail}; expected ${what}`, payload: null } };
  const table = readTable(text, spec.sep);
  const missing = spec.required.filter((c) => !table.header.includes(c));
  if (missing.length === 0) return table;
  const other = looksLike(text);
  const hint = other && other !== spec.format ? `; it looks like ${NAMES[other]}` : "";
  return { rejection: { ref: "file", reason: `${spec.area}.HEADER: not ${what}: missing columns ${missing.join(", ")}${hint}`, payload: table.header } };
};
