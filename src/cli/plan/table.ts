import { parseDelimited } from "../../connectors/marketplaces/csv.js";

export { parseMoneyMinor } from "../../connectors/marketplaces/index.js";

/** A CSV as records with their spreadsheet row number (header is row 1), header names lower-cased. */
export const readTableForPlan = (text: string): { header: string[]; rows: { row: number; cells: Record<string, string> }[] } => {
  const [head = [], ...data] = parseDelimited(text, ",");
  const header = head.map((h) => h.trim().toLowerCase());
  const rows = data.map((cells, i) => ({ row: i + 2, cells: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ""])) }));
  return { header, rows };
};
