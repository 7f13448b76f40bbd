import type { Address, Money, OrderLine, OrderStatus, SalesOrder } from "../../../domain/order.js";
import { type MapOne, type MapResult, checkLineTitle, collect, describeZodError, rejectionReason, toIsoInstant } from "../map-result.js";
import { parseMoneyMinor } from "../money.js";
import { Order2026Schema, OrderItemV0Schema, OrderV0Schema } from "./amazon.schemas.js";
import type { Order2026, OrderItemV0, OrderV0 } from "./amazon.schemas.js";

/**
 * Pending (and PendingAvailability) orders are not demand yet: Amazon has not confirmed payment and
 * may still cancel; they become demand when they turn Unshipped
 * (https://developer-docs.amazon.com/sp-api/docs/orders-api-v0-reference). They are deferred, not rejected.
 */
const PENDING = new Set(["PENDING", "PENDING_AVAILABILITY", "Pending", "PendingAvailability"]);

const statusOf = (s: string): OrderStatus =>
  s === "CANCELLED" || s === "Canceled" || s === "Cancelled" ? "cancelled" : s === "SHIPPED" || s === "Shipped" || s.startsWith("Shipped") ? "closed" : "open";

const money = (amount: string | number, currency: string): Money => ({ amountMinor: parseMoneyMinor(amount, currency), currency });

const guard = (ref: string, payload: unknown, build: () => SalesOrder): MapOne => {
  try {
    return { ok: true, order: build() };
  } catch (err) {
    return { ok: false, rejection: { ref, reason: rejectionReason("AMAZON", err), payload } };
  }
};

const refOf = (payload: unknown, key: string): string => {
  const v = payload && typeof payload === "object" ? (payload as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" ? v : "unknown";
};

type Addr = { name?: string | null; line1?: string | null; line2?: string | null; city?: string | null; region?: string | null; postal?: string | null; country?: string | null; phone?: string | null };
/** Without the restricted role Amazon sends only city/region/postal/country: line1 stays empty then. */
const address = (a: Addr | null | undefined): Address | null =>
  !a || !a.city || !a.country
    ? null
    : { name: a.name ?? undefined, line1: a.line1 ?? "", line2: a.line2 ?? undefined, city: a.city, region: a.region ?? undefined,
        postalCode: a.postal ?? "", country: a.country, phone: a.phone ?? undefined };

const line2026 = (it: Order2026["orderItems"][number]): OrderLine => {
  const sku = it.product.sellerSku || null;
  const unit = it.product.price?.unitPrice;
  return {
    lineId: it.orderItemId, sku, title: checkLineTitle(it.product.title ?? it.product.asin ?? "", `order item ${it.orderItemId} title`, "amazon"), ordered: it.quantityOrdered,
    cancelled: it.cancellation?.quantityCancelled ?? 0, fulfilled: it.fulfillment?.quantityFulfilled ?? 0,
    kind: "stock", flags: sku ? [] : ["UNMAPPED"], unitPrice: unit ? money(unit.amount, unit.currencyCode) : undefined,
  };
};

const build2026 = (o: Order2026, channel: string): SalesOrder => {
  const total = o.proceeds?.grandTotal;
  const currency = total?.currencyCode ?? o.orderItems.find((i) => i.product.price?.unitPrice)?.product.price?.unitPrice?.currencyCode ?? "USD";
  const d = o.recipient?.deliveryAddress;
  return {
    channel, externalId: o.orderId, orderNumber: o.orderId, placedAt: toIsoInstant(o.createdTime), channelUpdatedAt: toIsoInstant(o.lastUpdatedTime),
    status: statusOf(o.fulfillment.fulfillmentStatus), fulfilment: o.fulfillment.fulfilledBy === "AMAZON" ? "marketplace" : "merchant", currency,
    totals: total ? { shop: money(total.amount, total.currencyCode) } : undefined,
    shipTo: address(d && { name: d.name, line1: d.addressLine1, line2: d.addressLine2, city: d.city, region: d.stateOrRegion, postal: d.postalCode, country: d.countryCode, phone: d.phone }),
    lines: o.orderItems.map(line2026),
  };
};

/** One v2026-01-01 order (searchOrders / getOrder, items embedded). */
export const mapAmazonOrder2026 = (payload: unknown, channel: string): MapOne => {
  const parsed = Order2026Schema.safeParse(payload);
  if (!parsed.success) return { ok: false, rejection: { ref: refOf(payload, "orderId"), reason: `AMAZON.SCHEMA: ${describeZodError(parsed.error)}`, payload } };
  const o = parsed.data;
  if (PENDING.has(o.fulfillment.fulfillmentStatus)) return { ok: "deferred", deferral: { ref: o.orderId, reason: "AMAZON.PENDING: not demand until Unshipped" } };
  return guard(o.orderId, payload, () => build2026(o, channel));
};

export const mapAmazonOrders2026 = (payloads: unknown[], channel: string): MapResult => collect(payloads.map((p) => mapAmazonOrder2026(p, channel)));

const lineV0 = (it: OrderItemV0): OrderLine => {
  const sku = it.SellerSKU || null;
  // ItemPrice is the line total (unit price × quantity); the unit price is derived in minor units.
  const total = it.ItemPrice ? parseMoneyMinor(it.ItemPrice.Amount, it.ItemPrice.CurrencyCode) : undefined;
  return {
    lineId: it.OrderItemId, sku, title: checkLineTitle(it.Title ?? it.ASIN, `order item ${it.OrderItemId} Title`, "amazon"), ordered: it.QuantityOrdered, cancelled: 0, fulfilled: it.QuantityShipped ?? 0,
    kind: "stock", flags: sku ? [] : ["UNMAPPED"],
    unitPrice: total !== undefined && it.ItemPrice && it.QuantityOrdered > 0 ? { amountMinor: Math.round(total / it.QuantityOrdered), currency: it.ItemPrice.CurrencyCode } : undefined,
  };
};

const buildV0 = (o: OrderV0, items: OrderItemV0[], channel: string): SalesOrder => {
  const a = o.ShippingAddress;
  const currency = o.OrderTotal?.CurrencyCode ?? items.find((i) => i.ItemPrice)?.ItemPrice?.CurrencyCode ?? "USD";
  return {
    channel, externalId: o.AmazonOrderId, orderNumber: o.AmazonOrderId, placedAt: toIsoInstant(o.PurchaseDate), channelUpdatedAt: toIsoInstant(o.LastUpdateDate),
    status: statusOf(o.OrderStatus), fulfilment: o.FulfillmentChannel === "AFN" ? "marketplace" : "merchant", currency,
    totals: o.OrderTotal ? { shop: money(o.OrderTotal.Amount, o.OrderTotal.CurrencyCode) } : undefined,
    shipTo: address(a && { name: a.Name, line1: a.AddressLine1, line2: a.AddressLine2, city: a.City, region: a.StateOrRegion, postal: a.PostalCode, country: a.CountryCode, phone: a.Phone }),
    lines: items.map(lineV0),
  };
};

/** One v0 order (getOrders) plus its getOrderItems items. */
export const mapAmazonV0Order = (order: unknown, items: unknown[], channel: string): MapOne => {
  const parsed = OrderV0Schema.safeParse(order);
  if (!parsed.success) return { ok: false, rejection: { ref: refOf(order, "AmazonOrderId"), reason: `AMAZON.SCHEMA: ${describeZodError(parsed.error)}`, payload: order } };
  const o = parsed.data;
  const parsedItems = items.map((i) => OrderItemV0Schema.safeParse(i));
  const bad = parsedItems.find((p) => !p.success);
  if (bad && !bad.success) return { ok: false, rejection: { ref: o.AmazonOrderId, reason: `AMAZON.SCHEMA: orderItems: ${describeZodError(bad.error)}`, payload: { order, items } } };
  if (PENDING.has(o.OrderStatus)) return { ok: "deferred", deferral: { ref: o.AmazonOrderId, reason: "AMAZON.PENDING: not demand until Unshipped" } };
  return guard(o.AmazonOrderId, { order, items }, () => buildV0(o, parsedItems.flatMap((p) => (p.success ? [p.data] : [])), channel));
};
