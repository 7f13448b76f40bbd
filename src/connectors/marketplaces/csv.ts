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
