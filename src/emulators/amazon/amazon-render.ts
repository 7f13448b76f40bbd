import type { SalesOrder } from "../../domain/order.js";
import { formatMinor } from "../../connectors/marketplaces/money.js";

/** SalesOrder → SP-API Orders shapes (v2026-01-01 and v0), so the emulator serves what the mappers read. */
export const fulfillmentStatus2026 = (o: SalesOrder): string =>
  o.status === "cancelled" ? "CANCELLED" : o.status === "closed" ? "SHIPPED" : o.lines.some((l) => l.fulfilled > 0) ? "PARTIALLY_SHIPPED" : "UNSHIPPED";

const V0_STATUS: Record<string, string> = { CANCELLED: "Canceled", SHIPPED: "Shipped", PARTIALLY_SHIPPED: "PartiallyShipped", UNSHIPPED: "Unshipped", PENDING: "Pending" };

const total = (o: SalesOrder): number => o.totals?.shop?.amountMinor ?? o.lines.reduce((n, l) => n + (l.unitPrice?.amountMinor ?? 0) * l.ordered, 0);

export const toAmazon2026 = (o: SalesOrder, status = fulfillmentStatus2026(o)): Record<string, unknown> => ({
  orderId: o.externalId, createdTime: o.placedAt, lastUpdatedTime: o.channelUpdatedAt,
  salesChannel: { channelName: "AMAZON", marketplaceId: "ATVPDKIKX0DER", marketplaceName: "Amazon.com" },
  fulfillment: { fulfillmentStatus: status, fulfilledBy: o.fulfilment === "marketplace" ? "AMAZON" : "MERCHANT" },
  recipient: o.shipTo ? { deliveryAddress: { name: o.shipTo.name ?? null, addressLine1: o.shipTo.line1 || null, addressLine2: o.shipTo.line2 ?? null, city: o.shipTo.city,
    stateOrRegion: o.shipTo.region ?? null, postalCode: o.shipTo.postalCode, countryCode: o.shipTo.country, phone: o.shipTo.phone ?? null } } : null,
  proceeds: { grandTotal: { amount: formatMinor(total(o), o.currency), currencyCode: o.currency } },
  orderItems: o.lines.map((l) => ({
    orderItemId: l.lineId, quantityOrdered: l.ordered,
    product: { asin: `B0${l.lineId.slice(-8)}`, title: l.title, sellerSku: l.sku, price: l.unitPrice ? { unitPrice: { amount: formatMinor(l.unitPrice.amountMinor, l.unitPrice.currency), currencyCode: l.unitPrice.currency } } : null },
    fulfillment: { quantityFulfilled: l.fulfilled, quantityUnfulfilled: l.ordered - l.cancelled - l.fulfilled },
    cancellation: { quantityCancelled: l.cancelled },
  })),
});

export const toAmazonV0 = (o: SalesOrder, status = fulfillmentStatus2026(o)): Record<string, unknown> => ({
  AmazonOrderId: o.externalId, PurchaseDate: o.placedAt, LastUpdateDate: o.channelUpdatedAt, OrderStatus: V0_STATUS[status] ?? "Unshipped",
  FulfillmentChannel: o.fulfilment === "marketplace" ? "AFN" : "MFN", MarketplaceId: "ATVPDKIKX0DER", OrderType: "StandardOrder",
  OrderTotal: { CurrencyCode: o.currency, Amount: formatMinor(total(o), o.currency) },
  // Without a Restricted Data Token v0 returns only the non-PII parts of the address.
  ...(o.shipTo && { ShippingAddress: { City: o.shipTo.city, StateOrRegion: o.shipTo.region, PostalCode: o.shipTo.postalCode, CountryCode: o.shipTo.country } }),
});

export const toAmazonV0Items = (o: SalesOrder): Record<string, unknown>[] =>
  o.lines.map((l) => ({
    OrderItemId: l.lineId, ASIN: `B0${l.lineId.slice(-8)}`, SellerSKU: l.sku, Title: l.title, QuantityOrdered: l.ordered, QuantityShipped: l.fulfilled,
    ...(l.unitPrice && { ItemPrice: { CurrencyCode: l.unitPrice.currency, Amount: formatMinor(l.unitPrice.amountMinor * l.ordered, l.unitPrice.currency) } }),
    IsGift: "false", ConditionId: "New",
  }));

/**
 * Opaque page tokens that, like Amazon's, contain `+`, `/` and `=`: a client that forgets to
 * URL-encode them sends spaces instead of pluses and gets 400 InvalidInput.
 */
const MARK = Buffer.from([0xfb, 0xff, 0xfe]);
export const encodePageToken = (state: unknown): string => {
  let json = JSON.stringify(state);
  while ((MARK.length + Buffer.byteLength(json)) % 3 !== 1) json += " ";
  return Buffer.concat([MARK, Buffer.from(json)]).toString("base64");
};
export const decodePageToken = <T>(token: string): T | null => {
  const raw = Buffer.from(token, "base64");
  if (!/^[A-Za-z0-9+/]+=*$/.test(token) || !raw.subarray(0, 3).equals(MARK)) return null;
  try {
    return JSON.parse(raw.subarray(3).toString()) as T;
  } catch {
    return null;
  }
};
