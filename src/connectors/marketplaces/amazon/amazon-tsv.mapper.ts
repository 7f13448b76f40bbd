import type { Address, OrderLine, SalesOrder } from "../../../domain/order.js";
import { readExport } from "../csv.js";
import { type MapOne, type MapResult, checkLineTitle, collect, rejectionReason, toIsoInstant, wholeUnits } from "../map-result.js";
import { isIsoCurrency, parseMoneyMinor } from "../money.js";

/**
 * Amazon "All Orders" flat file (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL, api-formats.md
 * §4.2): tab separated, one row per order item, parsed by header name (newer files append columns).
 * C05: the same order id + SKU can appear on several rows that differ only in quantity and price,
 * so rows are summed per (order, SKU), never overwritten or discarded.
 */
type Row = Record<string, string>;
const REQUIRED = ["amazon-order-id", "purchase-date", "last-updated-date", "order-status", "fulfillment-channel", "sku", "quantity", "currency", "item-price"];

const sumLines = (rows: Row[], currency: string): OrderLine[] => {
  const bySku = new Map<string, { line: OrderLine; totalMinor: number }>();
  for (const r of rows) {
    const sku = (r["sku"] ?? "").trim();
    const key = sku || `asin:${r["asin"] ?? ""}`;
    const status = r["item-status"] ?? "";
    // A cancelled item may be reported with 0 units; anywhere else 0 is not an order item.
    const cancelledRow = /^cancel/i.test(status) || /^cancel/i.test(r["order-status"] ?? "");
    const qty = wholeUnits(r["quantity"] ?? "", `quantity (${key})`, { allowZero: cancelledRow, zeroNote: "0 is read only on a cancelled item" });
    const price = r["item-price"] ? parseMoneyMinor(r["item-price"], currency) : 0;
    const title = checkLineTitle(r["product-name"] ?? "", `product-name (${key})`, "amazon");
    const acc = bySku.get(key) ?? { line: { lineId: key, sku: sku || null, title, ordered: 0, cancelled: 0, fulfilled: 0, kind: "stock", flags: sku ? [] : ["UNMAPPED"] }, totalMinor: 0 };
    acc.line.ordered += qty;
    if (!Number.isSafeInteger(acc.line.ordered)) throw new Error(`quantity of ${key} adds up past ${Number.MAX_SAFE_INTEGER}`);
    if (/^cancel/i.test(status)) acc.line.cancelled += qty;
    if (/^shipped/i.test(status)) acc.line.fulfilled += qty;
    acc.totalMinor += price;
    bySku.set(key, acc);
  }
  return [...bySku.values()].map(({ line, totalMinor }) => ({
    ...line, unitPrice: line.ordered > 0 ? { amountMinor: Math.round(totalMinor / line.ordered), currency } : undefined,
  }));
};

const address = (r: Row): Address | null =>
  r["ship-city"] && r["ship-country"]
    ? { line1: "", city: r["ship-city"], region: r["ship-state"] || undefined, postalCode: r["ship-postal-code"] ?? "", country: r["ship-country"] }
    : null;

const buildOrder = (id: string, rows: Row[], channel: string): MapOne => {
  const first = rows[0] as Row;
  // Rows without an order id would be stored as one order keyed "" that every such file overwrites.
  if (id.trim() === "") throw new Error("amazon-order-id is empty");
  const orderStatus = first["order-status"] ?? "";
  if (/^pending/i.test(orderStatus)) return { ok: "deferred", deferral: { ref: id, reason: "AMAZON.PENDING: not demand until Unshipped" } };
  const currency = (first["currency"] ?? "").trim();
  if (!isIsoCurrency(currency)) throw new Error(`currency ${JSON.stringify(currency)} is not ISO 4217`);
  const updated = rows.map((r) => toIsoInstant(r["last-updated-date"] ?? "")).sort().at(-1) as string;
  const order: SalesOrder = {
    channel, externalId: id, orderNumber: first["merchant-order-id"] || id, placedAt: toIsoInstant(first["purchase-date"] ?? ""), channelUpdatedAt: updated,
    status: /^cancel/i.test(orderStatus) ? "cancelled" : /^shipped/i.test(orderStatus) ? "closed" : "open",
    // The flat file says Amazon/Merchant where the API says AFN/MFN.
    fulfilment: first["fulfillment-channel"] === "Amazon" ? "marketplace" : "merchant",
    currency, shipTo: address(first), lines: sumLines(rows, currency),
  };
  return { ok: true, order };
};

export const parseAmazonAllOrdersTsv = (text: string, channel: string): MapResult => {
  const table = readExport(text, { format: "amazon-tsv", area: "AMAZON_TSV", sep: "\t", required: REQUIRED });
  if ("rejection" in table) return { orders: [], rejected: [table.rejection] };
  const groups = new Map<string, Row[]>();
  for (const r of table.records) groups.set(r["amazon-order-id"] ?? "", [...(groups.get(r["amazon-order-id"] ?? "") ?? []), r]);
  return collect([...groups].map(([id, rows]): MapOne => {
    try {
      return buildOrder(id, rows, channel);
    } catch (err) {
      return { ok: false, rejection: { ref: id, reason: rejectionReason("AMAZON_TSV", err), payload: rows } };
    }
  }));
};
