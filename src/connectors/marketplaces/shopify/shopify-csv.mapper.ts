import type { Address, LineKind, OrderLine, SalesOrder } from "../../../domain/order.js";
import { readExport } from "../csv.js";
import { type MapOne, type MapResult, checkLineTitle, collect, rejectionReason, toIsoInstant, wholeUnits } from "../map-result.js";
import { isIsoCurrency, parseMoneyMinor } from "../money.js";

/**
 * Shopify admin "Export orders" CSV (api-formats.md §4.1): one row per line item; the first row of an
 * order carries the order-level columns and continuation rows leave them empty, so rows are grouped
 * by `Name`. Gift cards and SKU-less lines are kept (non-inventory / UNMAPPED), never dropped.
 */
type Row = Record<string, string>;

const REQUIRED = ["Name", "Id", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Currency"];

const groupByName = (rows: Row[]): Map<string, Row[]> => {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = r["Name"] ?? "";
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return groups;
};

const kindOf = (r: Row): LineKind =>
  /^gift card\b/i.test(r["Lineitem name"] ?? "") ? "gift_card" : r["Lineitem requires shipping"] === "false" ? "no_shipping" : "stock";

const csvLine = (r: Row, index: number, orderId: string, currency: string): OrderLine => {
  const what = (column: string) => `${column} (line ${index + 1})`;
  const qty = wholeUnits(r["Lineitem quantity"] ?? "", what("Lineitem quantity"));
  const sku = (r["Lineitem sku"] ?? "").trim();
  return {
    // The export has no line item id: the row's position within the order is the stable key.
    lineId: `${orderId}:${index + 1}`, sku: sku || null, variantId: null, title: checkLineTitle(r["Lineitem name"] ?? "", what("Lineitem name"), "shopify"),
    ordered: qty, cancelled: 0, fulfilled: r["Lineitem fulfillment status"] === "fulfilled" ? qty : 0,
    kind: kindOf(r), flags: sku ? [] : ["UNMAPPED"],
    unitPrice: { amountMinor: parseMoneyMinor(r["Lineitem price"] ?? "", currency), currency },
  };
};

const csvAddress = (r: Row): Address | null => {
  const line1 = r["Shipping Address1"] || r["Shipping Street"];
  if (!line1 || !r["Shipping City"] || !r["Shipping Country"]) return null;
  const opt = (k: string): string | undefined => r[k] || undefined;
  return { name: opt("Shipping Name"), company: opt("Shipping Company"), line1, line2: opt("Shipping Address2"), city: r["Shipping City"],
    region: opt("Shipping Province"), postalCode: r["Shipping Zip"] ?? "", country: r["Shipping Country"], phone: opt("Shipping Phone") };
};

/** The export has no updated_at: the latest event it records stands in for it. */
const latestEvent = (first: Row): string =>
  ["Created at", "Paid at", "Fulfilled at", "Cancelled at"].map((k) => first[k] ?? "").filter(Boolean).map(toIsoInstant).sort().at(-1) ?? "";

const buildOrder = (name: string, rows: Row[], channel: string): SalesOrder => {
  const first = rows[0] as Row;
  const id = first["Id"] ?? "";
  if (!/^\d+$/.test(id)) throw new Error(`first row of ${name} has no numeric Id`);
  const currency = first["Currency"] ?? "";
  if (!isIsoCurrency(currency)) throw new Error(`first row of ${name} has no ISO 4217 currency (found ${JSON.stringify(currency)})`);
  return {
    channel, externalId: id, orderNumber: name, placedAt: toIsoInstant(first["Created at"] ?? ""), channelUpdatedAt: latestEvent(first),
    status: first["Cancelled at"] ? "cancelled" : "open", fulfilment: "merchant", currency,
    totals: first["Total"] ? { shop: { amountMinor: parseMoneyMinor(first["Total"], currency), currency } } : undefined,
    shipTo: csvAddress(first), lines: rows.map((r, i) => csvLine(r, i, id, currency)),
  };
};

export const parseShopifyOrdersCsv = (text: string, channel: string): MapResult => {
  const table = readExport(text, { format: "shopify-csv", area: "SHOPIFY_CSV", sep: ",", required: REQUIRED });
  if ("rejection" in table) return { orders: [], rejected: [table.rejection] };
  const results: MapOne[] = [...groupByName(table.records)].map(([name, rows]) => {
    try {
      return { ok: true, order: buildOrder(name, rows, channel) };
    } catch (err) {
      return { ok: false, rejection: { ref: name, reason: rejectionReason("SHOPIFY_CSV", err), payload: rows } };
    }
  });
  return collect(results);
};
