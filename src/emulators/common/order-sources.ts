import { readFileSync } from "node:fs";
import type { SalesOrder } from "../../domain/order.js";
import { parseAmazonAllOrdersTsv } from "../../connectors/marketplaces/amazon/amazon-tsv.mapper.js";
import { readTable } from "../../connectors/marketplaces/csv.js";
import { parseShopifyOrdersCsv } from "../../connectors/marketplaces/shopify/shopify-csv.mapper.js";
import { parseMoneyMinor } from "../../connectors/marketplaces/money.js";
import { seededRandom } from "./emulator-kit.js";

/**
 * Orders the emulators serve, read from the same files the mappers read: a Shopify "Export orders"
 * CSV, an Amazon All Orders TSV, or the Olist order-items CSV (real marketplace orders; one row
 * per unit, product id as SKU, BRL prices).
 */
export const ordersFromOlistItems = (text: string, channel: string): SalesOrder[] => {
  const byOrder = new Map<string, Record<string, string>[]>();
  for (const r of readTable(text, ",").records) byOrder.set(r["order_id"] ?? "", [...(byOrder.get(r["order_id"] ?? "") ?? []), r]);
  return [...byOrder].map(([id, rows]) => {
    const at = new Date(`${(rows[0]?.["shipping_limit_date"] ?? "2018-01-01 00:00:00").replace(" ", "T")}Z`);
    const placed = new Date(at.getTime() - 3 * 86_400_000).toISOString();
    const bySku = new Map<string, { qty: number; price: number; id: string }>();
    for (const r of rows) {
      const sku = r["product_id"] ?? "";
      const cur = bySku.get(sku) ?? { qty: 0, price: parseMoneyMinor(r["price"] ?? "0", "BRL"), id: r["order_item_id"] ?? "1" };
      cur.qty += 1;
      bySku.set(sku, cur);
    }
    return {
      channel, externalId: id, orderNumber: id, placedAt: placed, channelUpdatedAt: at.toISOString(), status: "open", fulfilment: "merchant", currency: "BRL", shipTo: null,
      lines: [...bySku].map(([sku, v]) => ({ lineId: `${id}-${v.id}`, sku, title: sku, ordered: v.qty, cancelled: 0, fulfilled: 0, kind: "stock", flags: [], unitPrice: { amountMinor: v.price, currency: "BRL" } })),
    } satisfies SalesOrder;
  });
};

/**
 * The export has no variant ids, but in the shop every line with a SKU belongs to a variant: the
 * emulator gives it a stable one, so the API serves what a live shop would (a null variant means a
 * deleted product, field report C01) and a synced order matches the imported one.
 */
const withVariants = (order: SalesOrder): SalesOrder => ({
  ...order,
  lines: order.lines.map((l) => (l.sku && !l.variantId ? { ...l, variantId: String(40_000_000 + ([...l.sku].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 9_000_000)) } : l)),
});

export const loadOrdersFile = (path: string, channel: string): SalesOrder[] => {
  const text = readFileSync(path, "utf8");
  const head = text.slice(0, 500);
  if (head.includes("amazon-order-id")) return parseAmazonAllOrdersTsv(text, channel).orders;
  if (head.includes("order_item_id")) return ordersFromOlistItems(text, channel);
  if (head.includes("Lineitem quantity")) return parseShopifyOrdersCsv(text, channel).orders.map(withVariants);
  throw new Error(`${path}: not a Shopify export CSV, Amazon All Orders TSV or Olist order-items CSV`);
};

/** Seeded synthetic orders: same seed, same orders. Updated times spread over the last `days`. */
export const generateOrders = (n: number, seed: number, channel: string, nowMs: number, days = 20): SalesOrder[] => {
  const rnd = seededRandom(seed);
  const skus = Array.from({ length: 40 }, (_, i) => `SKU-${String(i + 1).padStart(3, "0")}`);
  return Array.from({ length: n }, (_, i) => {
    const placed = nowMs - Math.floor(rnd() * days * 86_400_000);
    const updated = Math.min(nowMs - 1000, placed + Math.floor(rnd() * 3_600_000));
    const lines = 1 + Math.floor(rnd() * 3);
    return {
      channel, externalId: String(5_000_000_000 + i), orderNumber: `#${1000 + i}`, placedAt: new Date(placed).toISOString(), channelUpdatedAt: new Date(updated).toISOString(),
      status: "open", fulfilment: "merchant", currency: "USD",
      shipTo: { name: `Buyer ${i}`, line1: `${i} Test Street`, city: "Springfield", postalCode: "12345", country: "US" },
      lines: Array.from({ length: lines }, (_, j) => ({
        lineId: String(9_000_000_000 + i * 10 + j), sku: skus[Math.floor(rnd() * skus.length)] ?? "SKU-001", variantId: String(7_000_000 + j), title: `Item ${j}`,
        ordered: 1 + Math.floor(rnd() * 4), cancelled: 0, fulfilled: 0, kind: "stock" as const, flags: [], unitPrice: { amountMinor: 500 + Math.floor(rnd() * 5000), currency: "USD" },
      })),
    } satisfies SalesOrder;
  });
};
