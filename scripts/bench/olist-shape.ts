import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Offer } from "../../src/domain/catalog.js";
import type { SalesOrder } from "../../src/domain/order.js";
import { seededRandom } from "../../src/emulators/common/emulator-kit.js";
import { ordersFromOlistItems } from "../../src/emulators/common/order-sources.js";

/**
 * The shape of real orders, taken from the Olist slice in ../shared/data: how many lines an order
 * has, how many units a line asks for, and how often each product is bought. Benchmark orders are
 * drawn from these empirical distributions, so their mix matches real marketplace traffic.
 */
export interface OrderShape {
  linesPerOrder: number[];
  qtyPerLine: number[];
  /** One entry per bought line: drawing uniformly from it draws products by popularity. */
  skuDraws: string[];
  skus: string[];
  source: string;
}

export const loadOlistShape = (sharedDir: string): OrderShape => {
  const file = join(sharedDir, "data", "olist", "olist_order_items_dataset.csv");
  const orders = ordersFromOlistItems(readFileSync(file, "utf8"), "olist");
  const linesPerOrder = orders.map((o) => o.lines.length);
  const lines = orders.flatMap((o) => o.lines);
  const skuDraws = lines.map((l) => l.sku ?? "");
  return { linesPerOrder, qtyPerLine: lines.map((l) => l.ordered), skuDraws, skus: [...new Set(skuDraws)], source: file };
};

export const shapeSummary = (s: OrderShape) => ({
  orders: s.linesPerOrder.length,
  linesPerOrder: s.linesPerOrder.reduce((a, b) => a + b, 0) / s.linesPerOrder.length,
  unitsPerLine: s.qtyPerLine.reduce((a, b) => a + b, 0) / s.qtyPerLine.length,
  distinctSkus: s.skus.length,
});

/** Vendors of the benchmark: products are spread over them by a stable hash of the product id. */
export const vendorOf = (sku: string, vendors: readonly string[]): string => {
  let h = 7;
  for (const c of sku) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return vendors[h % vendors.length] ?? vendors[0] ?? "v0";
};

export const offersFor = (shape: OrderShape, vendors: readonly string[]): Offer[] =>
  shape.skus.map((sku) => ({
    sku, vendor: vendorOf(sku, vendors), vendorSku: `V-${sku.slice(0, 12)}`, unitCost: 1000, currency: "USD",
    moq: 1, casePack: 1, leadTimeDays: 5, preferred: true, dropship: false,
  }));

export interface DrawOptions {
  n: number;
  seed: number;
  channel: string;
  /** Arrival instant of the first order (ms) and the spacing between orders. */
  startMs: number;
  stepMs: number;
  idBase?: number;
}

/** A numeric variant id per product (a line without one is UNMAPPED and never allocated). */
const variantOf = (sku: string): string => String(40_000_000 + (Number.parseInt(sku.slice(0, 7), 16) % 50_000_000));

/** Draws `n` orders with the real shape (seeded: same seed, same orders). */
export const drawOrders = (shape: OrderShape, o: DrawOptions): SalesOrder[] => {
  const rnd = seededRandom(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const base = o.idBase ?? 1_000_000;
  return Array.from({ length: o.n }, (_, i) => {
    const at = new Date(o.startMs + Math.floor(i * o.stepMs)).toISOString();
    const count = pick(shape.linesPerOrder);
    const skus = new Set<string>();
    while (skus.size < count) skus.add(pick(shape.skuDraws));
    const id = String(base + i);
    return {
      channel: o.channel, externalId: id, orderNumber: `#${id}`, placedAt: at, channelUpdatedAt: at, status: "open", fulfilment: "merchant", currency: "USD",
      shipTo: { name: `Buyer ${id}`, line1: `${i} Bench Street`, city: "Springfield", postalCode: "12345", country: "US" },
      lines: [...skus].map((sku, j) => ({
        lineId: `${id}-${j + 1}`, sku, variantId: variantOf(sku), title: sku.slice(0, 12), ordered: pick(shape.qtyPerLine), cancelled: 0, fulfilled: 0,
        kind: "stock" as const, flags: [], unitPrice: { amountMinor: 1999, currency: "USD" },
      })),
    } satisfies SalesOrder;
  });
};
