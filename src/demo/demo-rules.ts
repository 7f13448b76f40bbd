import { createHash } from "node:crypto";

/**
 * The demo's documented, seeded rules. Every choice is a function of (seed, a stable key from the
 * input files), never of run order, so the same seed gives the same demo and a test can recompute
 * every expected number from the same files with these rules written down in README "The demo".
 */
export const DEMO_SHOPIFY = "demo-shopify";
export const DEMO_AMAZON = "demo-amazon";

/** A number in [0, 1) from the seed and a key: the first 32 bits of SHA-256("seed:salt:key"). */
export const unit = (seed: number, salt: string, key: string): number =>
  createHash("sha256").update(`${seed}:${salt}:${key}`).digest().readUInt32BE(0) / 2 ** 32;

/** 55 % of the Olist orders go to Shopify, 45 % to Amazon. */
export const SHOPIFY_SHARE = 0.55;
/** Of the Shopify orders, 30 % arrive by signed webhook; the rest are found by polling. */
export const WEBHOOK_SHARE = 0.3;
/** Of the Amazon orders, 25 % are fulfilled by Amazon (AFN): stored, but they create no demand. */
export const AFN_SHARE = 0.25;

export type Route = { channel: typeof DEMO_SHOPIFY; via: "webhook" | "poll" } | { channel: typeof DEMO_AMAZON; afn: boolean };

export const routeOrder = (seed: number, orderId: string): Route => {
  if (unit(seed, "channel", orderId) < SHOPIFY_SHARE) return { channel: DEMO_SHOPIFY, via: unit(seed, "webhook", orderId) < WEBHOOK_SHARE ? "webhook" : "poll" };
  return { channel: DEMO_AMAZON, afn: unit(seed, "afn", orderId) < AFN_SHARE };
};

/** Placed three days before the seller's shipping limit (Olist gives no purchase time in this table). */
export const PLACED_DAYS_BEFORE_LIMIT = 3;

/** seller_id → vendor id. */
export const vendorIdOf = (sellerId: string): string => `s-${sellerId.slice(0, 8)}`;

export type DemoTransport = "http" | "email" | "sftp";
const TRANSPORTS: DemoTransport[] = ["http", "email", "sftp"];
const CASE_PACKS = [1, 1, 1, 2, 6, 12];
const MOQS = [1, 1, 1, 3, 5, 10];

export interface VendorTerms {
  transport: DemoTransport;
  /** 15 % of vendors drop-ship straight to the customer. */
  dropship: boolean;
}

export const vendorTerms = (seed: number, vendorId: string): VendorTerms => ({
  transport: TRANSPORTS[Math.floor(unit(seed, "transport", vendorId) * TRANSPORTS.length)] ?? "http",
  dropship: unit(seed, "dropship", vendorId) < 0.15,
});

/** Unit cost: 70 % of the Olist price (a 30 % margin), in BRL centavos. */
export const COST_SHARE = 0.7;

export interface OfferTerms {
  casePack: number;
  moq: number;
  leadTimeDays: number;
}

export const offerTerms = (seed: number, sku: string, vendorId: string): OfferTerms => ({
  casePack: CASE_PACKS[Math.floor(unit(seed, "case", `${sku}@${vendorId}`) * CASE_PACKS.length)] ?? 1,
  moq: MOQS[Math.floor(unit(seed, "moq", `${sku}@${vendorId}`) * MOQS.length)] ?? 1,
  // 2–12 days: inside the channels' 14-day promise, so every offer is eligible.
  leadTimeDays: 2 + Math.floor(unit(seed, "lead", `${sku}@${vendorId}`) * 11),
});

/**
 * Starting stock: 40 % of SKUs (by seed) start with half their merchant-fulfilled demand, rounded
 * up (a SKU wanted once is then fully in stock); every other SKU starts empty.
 */
export const STOCKED_SHARE = 0.4;
export const startingStock = (seed: number, sku: string, demand: number): number =>
  unit(seed, "stock", sku) < STOCKED_SHARE ? Math.ceil(demand / 2) : 0;

/** The demo's own database and queue prefix: cleaned at start, so a second run starts fresh. */
export const DEMO_DB = "backorder_demo";
export const DEMO_PREFIX = "demo";
