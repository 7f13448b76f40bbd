import type { Offer } from "../../src/domain/catalog.js";
import type { SalesOrder } from "../../src/domain/order.js";

/**
 * The fixed input of every trial: orders over four SKUs where stock covers some lines, so some
 * units are allocated, some backordered onto one PO, and one SKU no vendor sells (an exception,
 * never on a PO). `rand` only varies the quantities between seeds; the same seed gives the same input.
 */
export const CHANNEL = "shop-chaos";
export const VENDOR = "acme";
export const LOCATION = "main";

export const OFFERS: Offer[] = [
  { sku: "MUG-RED", vendor: VENDOR, vendorSku: "AC-MUG-R", unitCost: 250, currency: "USD", moq: 1, casePack: 6, leadTimeDays: 5, preferred: false, dropship: false },
  { sku: "TEE-L", vendor: VENDOR, vendorSku: "AC-TEE-L", unitCost: 400, currency: "USD", moq: 10, casePack: 1, leadTimeDays: 5, preferred: false, dropship: false },
  { sku: "CAP-BLK", vendor: VENDOR, vendorSku: "AC-CAP-B", unitCost: 300, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 5, preferred: false, dropship: false },
];
/** SKU → on hand before the run; POSTER has no offer. */
export const INITIAL_STOCK: Record<string, number> = { "MUG-RED": 5, "TEE-L": 3, "CAP-BLK": 40, POSTER: 1 };

const SKUS = ["MUG-RED", "TEE-L", "CAP-BLK", "POSTER"];

export const chaosOrders = (count: number, rand: () => number): SalesOrder[] =>
  Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const at = new Date(Date.UTC(2026, 10, 1, 8, 0, 0) + n * 60_000).toISOString();
    const picks = SKUS.filter((_, k) => (n + k) % 3 !== 0 || k === n % SKUS.length);
    return {
      channel: CHANNEL,
      externalId: String(50_000 + n),
      orderNumber: `#C${n}`,
      placedAt: at,
      channelUpdatedAt: at,
      status: "open",
      fulfilment: "merchant",
      currency: "USD",
      shipTo: { name: `Chaos Customer ${n}`, line1: `${100 + n} Fault Lane`, city: "Springfield", postalCode: "12345", country: "US" },
      lines: picks.map((sku, k) => ({
        lineId: `${n}-${k + 1}`, sku, variantId: String(80_000 + n * 10 + k), title: sku, ordered: 1 + Math.floor(rand() * 4), cancelled: 0, fulfilled: 0, kind: "stock", flags: [],
      })),
    } satisfies SalesOrder;
  });
