import type { Offer, StockLevel } from "../../../src/domain/catalog.js";
import type { OrderLine, SalesOrder } from "../../../src/domain/order.js";
import type { PoLine, PurchaseOrder } from "../../../src/domain/purchase-order.js";
import type { VendorPolicy } from "../../../src/domain/batching.js";

/** Small builders for domain tests: only what a test states differs from a plain default. */
export const line = (lineId: string, sku: string | null, ordered: number, extra: Partial<OrderLine> = {}): OrderLine => ({
  lineId,
  sku,
  title: sku ?? "untitled",
  ordered,
  cancelled: 0,
  fulfilled: 0,
  kind: "stock",
  flags: [],
  ...extra,
});

export const order = (externalId: string, lines: OrderLine[], extra: Partial<SalesOrder> = {}): SalesOrder => ({
  channel: "shop",
  externalId,
  orderNumber: `#${externalId}`,
  placedAt: "2026-01-01T00:00:00Z",
  channelUpdatedAt: "2026-01-01T00:00:00Z",
  status: "open",
  fulfilment: "merchant",
  currency: "USD",
  shipTo: null,
  lines,
  ...extra,
});

export const stock = (sku: string, onHand: number, committed = 0, location = "main"): StockLevel => ({ sku, location, onHand, committed });

export const offer = (sku: string, vendor: string, extra: Partial<Offer> = {}): Offer => ({
  sku,
  vendor,
  vendorSku: `${vendor}-${sku}`,
  unitCost: 100,
  currency: "USD",
  moq: 1,
  casePack: 1,
  leadTimeDays: 5,
  preferred: false,
  dropship: false,
  ...extra,
});

export const vendor = (id: string, extra: Partial<VendorPolicy> = {}): VendorPolicy => ({
  id,
  currency: "USD",
  minOrderValue: 0,
  dropship: false,
  shipToLocation: "main",
  ...extra,
});

export const poLine = (lineNo: number, sku: string, quantity: number, covers: PoLine["covers"] = [], extra: Partial<PoLine> = {}): PoLine => ({
  lineNo,
  sku,
  vendorSku: sku,
  description: sku,
  quantity,
  unitCost: 100,
  covers,
  surplus: quantity - covers.reduce((s, c) => s + c.quantity, 0),
  receivedQuantity: 0,
  ...extra,
});

export const po = (poNumber: string, lines: PoLine[], extra: Partial<PurchaseOrder> = {}): PurchaseOrder => ({
  poNumber,
  batchKey: poNumber,
  vendor: "acme",
  currency: "USD",
  shipTo: { kind: "warehouse", location: "main" },
  windowStart: "2026-01-01T00:00:00Z",
  createdAt: "2026-01-01T00:00:00Z",
  state: "issued",
  lines,
  ...extra,
});
