import type { PurchaseOrder } from "../../../domain/purchase-order.js";
import type { DocumentContext } from "../document-context.js";
import { addressOneLine, poDate, shipToView } from "../document-context.js";
import { formatMinor } from "../money.js";

export const PO_CSV_HEADER = [
  "po_number",
  "po_date",
  "vendor_sku",
  "sku",
  "description",
  "quantity",
  "unit_cost",
  "currency",
  "ship_to",
] as const;

/**
 * A cell a spreadsheet would run as a formula starts with = + - @ or a tab/CR; prefixing a quote
 * makes it plain text (OWASP "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
 */
export const neutraliseFormula = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** RFC 4180 §2: quote fields holding comma, quote, CR or LF; double inner quotes (https://www.rfc-editor.org/rfc/rfc4180). */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

const row = (cells: readonly string[]): string => cells.map((c) => csvField(c)).join(",");

/** One row per PO line, CRLF line ends (RFC 4180), header first. Text cells are formula-safe. */
export const renderPoCsv = (po: PurchaseOrder, ctx: DocumentContext): string => {
  const shipTo = neutraliseFormula(addressOneLine(shipToView(po.shipTo, ctx)));
  const date = poDate(po.createdAt);
  const lines = po.lines.map((l) =>
    row([
      neutraliseFormula(po.poNumber),
      date,
      neutraliseFormula(l.vendorSku),
      neutraliseFormula(l.sku),
      neutraliseFormula(l.description),
      String(l.quantity),
      formatMinor(l.unitCost, po.currency),
      po.currency,
      shipTo,
    ]),
  );
  return [row(PO_CSV_HEADER), ...lines].join("\r\n") + "\r\n";
};
