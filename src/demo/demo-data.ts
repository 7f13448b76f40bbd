import { readFileSync } from "node:fs";
import path from "node:path";
import type { Offer } from "../domain/catalog.js";
import type { OrderLine, SalesOrder } from "../domain/order.js";
import { readTable } from "../connectors/marketplaces/csv.js";
import { parseMoneyMinor } from "../connectors/marketplaces/money.js";
import { COST_SHARE, DEMO_AMAZON, DEMO_SHOPIFY, PLACED_DAYS_BEFORE_LIMIT, offerTerms, routeOrder, startingStock, vendorIdOf, vendorTerms, type DemoTransport } from "./demo-rules.js";

/** One Olist order-items row, as the demo reads it. */
export interface OlistItem {
  orderId: string;
  itemNo: number;
  sku: string;
  sellerId: string;
  shippingLimit: string;
  priceMinor: number;
}

export const olistFiles = (sharedDir: string) => ({
  items: path.join(sharedDir, "data", "olist", "olist_order_items_dataset.csv"),
  products: path.join(sharedDir, "data", "olist", "olist_products_dataset.csv"),
  shopifyExport: path.join(sharedDir, "data", "shopify", "orders_export_devstore.csv"),
});

export const readOlistItems = (file: string): OlistItem[] =>
  readTable(readFileSync(file, "utf8"), ",").records.map((r) => ({
    orderId: r["order_id"] ?? "", itemNo: Number(r["order_item_id"] ?? 1), sku: r["product_id"] ?? "", sellerId: r["seller_id"] ?? "",
    shippingLimit: `${(r["shipping_limit_date"] ?? "").replace(" ", "T")}Z`, priceMinor: parseMoneyMinor(r["price"] ?? "0", "BRL"),
  }));

const DAY = 86_400_000;

/**
 * Orders to replay: the real Olist orders in file order; with `count` above their number, the list
 * is replayed (copy k gets id suffix `r<k>` and dates shifted by k × 30 days) until `count` orders.
 */
export interface SourceOrder {
  id: string;
  shiftDays: number;
  items: OlistItem[];
}

export const sourceOrders = (items: readonly OlistItem[], count?: number): SourceOrder[] => {
  const byId = new Map<string, OlistItem[]>();
  for (const it of items) byId.set(it.orderId, [...(byId.get(it.orderId) ?? []), it]);
  const base = [...byId].map(([id, rows]) => ({ id, shiftDays: 0, items: rows }));
  const want = count ?? base.length;
  return Array.from({ length: want }, (_, i) => {
    const k = Math.floor(i / base.length);
    const b = base[i % base.length] as SourceOrder;
    return k === 0 ? b : { id: `${b.id}r${k}`, shiftDays: 30 * k, items: b.items };
  });
}

/**
 * A product bought twice in one order (two rows) becomes ONE line with quantity 2, numbered by
 * its first order_item_id: the normalised order has one line per SKU.
 */
export const linesOf = (src: SourceOrder, lineId: (itemNo: number) => string): OrderLine[] => {
  const bySku = new Map<string, { first: OlistItem; qty: number }>();
  for (const it of src.items) {
    const cur = bySku.get(it.sku) ?? { first: it, qty: 0 };
    bySku.set(it.sku, { first: cur.first, qty: cur.qty + 1 });
  }
  return [...bySku.values()].map(({ first, qty }) => ({
    lineId: lineId(first.itemNo), sku: first.sku, variantId: String(1_000_000 + (parseInt(first.sku.slice(0, 7), 16) % 8_000_000)), title: `Olist ${first.sku.slice(0, 8)}`,
    ordered: qty, cancelled: 0, fulfilled: 0, kind: "stock", flags: [], unitPrice: { amountMinor: first.priceMinor, currency: "BRL" },
  }));
};

export interface DemoOrder {
  order: SalesOrder;
  via: "webhook" | "poll";
  sourceId: string;
}

/** A made-up delivery address (the Olist slice has none); drop-ship POs print it, logs never do. */
const fakeAddress = (n: number) => ({ name: `Cliente ${n}`, line1: `Rua da Demonstração ${n}`, city: "São Paulo", region: "SP", postalCode: "01001-000", country: "BR" });

export const buildDemoOrders = (seed: number, sources: readonly SourceOrder[]): DemoOrder[] =>
  sources.map((src, n) => {
    const route = routeOrder(seed, src.id);
    const limit = Date.parse(src.items[0]?.shippingLimit ?? "2018-01-01T00:00:00Z") + src.shiftDays * DAY;
    const placedAt = new Date(limit - PLACED_DAYS_BEFORE_LIMIT * DAY).toISOString();
    const shopify = route.channel === DEMO_SHOPIFY;
    // Shopify ids are numeric; Amazon's look like 3-7-7 digits. Both derive from the position.
    const externalId = shopify ? String(6_000_000_000 + n) : `701-${String(1_000_000 + n).padStart(7, "0")}-${String(n).padStart(7, "0")}`;
    const order: SalesOrder = {
      channel: route.channel, externalId, orderNumber: shopify ? `#D${1000 + n}` : externalId, placedAt, channelUpdatedAt: placedAt,
      status: "open", fulfilment: route.channel === DEMO_AMAZON && route.afn ? "marketplace" : "merchant", currency: "BRL", shipTo: fakeAddress(n),
      lines: linesOf(src, (itemNo) => (shopify ? String(9_000_000_000 + n * 100 + itemNo) : `${n}${String(itemNo).padStart(3, "0")}`)),
    };
    return { order, via: route.channel === DEMO_SHOPIFY ? route.via : "poll", sourceId: src.id };
  });

export interface DemoVendor {
  id: string;
  sellerId: string;
  transport: DemoTransport;
  dropship: boolean;
}

export interface DemoCatalog {
  vendors: DemoVendor[];
  offers: Offer[];
  /** Merchant-fulfilled units wanted per SKU (AFN orders excluded). */
  demand: Map<string, number>;
  stock: Map<string, number>;
}

/** Vendors from sellers, offers from the real prices, stock from the documented rule. */
export const buildCatalog = (seed: number, items: readonly OlistItem[], orders: readonly DemoOrder[]): DemoCatalog => {
  const vendors = new Map<string, DemoVendor>();
  const offers = new Map<string, Offer>();
  for (const it of items) {
    const id = vendorIdOf(it.sellerId);
    if (!vendors.has(id)) vendors.set(id, { id, sellerId: it.sellerId, ...vendorTerms(seed, id) });
    const key = `${it.sku}@${id}`;
    if (offers.has(key)) continue;
    offers.set(key, {
      sku: it.sku, vendor: id, vendorSku: `${id.toUpperCase()}-${it.sku.slice(0, 10)}`, unitCost: Math.max(1, Math.round(it.priceMinor * COST_SHARE)), currency: "BRL",
      preferred: false, dropship: vendors.get(id)?.dropship ?? false, ...offerTerms(seed, it.sku, id),
    });
  }
  const demand = new Map<string, number>();
  for (const { order } of orders.filter((o) => o.order.fulfilment === "merchant")) {
    for (const l of order.lines) if (l.sku) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.ordered);
  }
  const stock = new Map([...demand].map(([sku, d]) => [sku, startingStock(seed, sku, d)] as const).filter(([, s]) => s > 0));
  return { vendors: [...vendors.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), offers: [...offers.values()], demand, stock };
};
