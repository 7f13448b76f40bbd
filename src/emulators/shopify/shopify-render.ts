import type { SalesOrder } from "../../domain/order.js";
import { formatMinor } from "../../connectors/marketplaces/money.js";

/** SalesOrder → the wire shapes Shopify sends, so the emulator serves what the mappers read. */
const money = (minor: number | undefined, currency: string): string => formatMinor(minor ?? 0, currency);
const num = (id: string): number | string => (/^\d{1,15}$/.test(id) ? Number(id) : id);

export const toShopifyRest = (o: SalesOrder): Record<string, unknown> => ({
  id: num(o.externalId), admin_graphql_api_id: `gid://shopify/Order/${o.externalId}`, name: o.orderNumber, created_at: o.placedAt, updated_at: o.channelUpdatedAt,
  cancelled_at: o.status === "cancelled" ? o.channelUpdatedAt : null, closed_at: o.status === "closed" ? o.channelUpdatedAt : null, currency: o.currency,
  total_price: money(o.totals?.shop?.amountMinor, o.currency),
  shipping_address: o.shipTo ? { name: o.shipTo.name ?? null, company: o.shipTo.company ?? null, address1: o.shipTo.line1, address2: o.shipTo.line2 ?? null, city: o.shipTo.city,
    province_code: o.shipTo.region ?? null, zip: o.shipTo.postalCode, country_code: o.shipTo.country, phone: o.shipTo.phone ?? null } : null,
  line_items: o.lines.map((l) => ({
    id: num(l.lineId), variant_id: l.variantId ? num(l.variantId) : null, product_id: l.variantId ? 1 : null, product_exists: Boolean(l.variantId), sku: l.sku ?? "",
    title: l.title, name: l.title, quantity: l.ordered, current_quantity: l.ordered - l.cancelled, fulfillable_quantity: l.ordered - l.cancelled - l.fulfilled,
    fulfillment_status: l.fulfilled > 0 && l.fulfilled === l.ordered - l.cancelled ? "fulfilled" : null, requires_shipping: l.kind !== "no_shipping" && l.kind !== "gift_card",
    gift_card: l.kind === "gift_card", price: money(l.unitPrice?.amountMinor, l.unitPrice?.currency ?? o.currency),
  })),
});

export const toShopifyGraphqlNode = (o: SalesOrder, lineFirst: number): Record<string, unknown> => ({
  id: `gid://shopify/Order/${o.externalId}`, legacyResourceId: o.externalId, name: o.orderNumber, createdAt: o.placedAt, updatedAt: o.channelUpdatedAt,
  cancelledAt: o.status === "cancelled" ? o.channelUpdatedAt : null, closedAt: o.status === "closed" ? o.channelUpdatedAt : null, currencyCode: o.currency,
  totalPriceSet: o.totals?.shop ? { shopMoney: { amount: money(o.totals.shop.amountMinor, o.currency), currencyCode: o.currency } } : null,
  shippingAddress: o.shipTo ? { name: o.shipTo.name ?? null, company: o.shipTo.company ?? null, address1: o.shipTo.line1, address2: o.shipTo.line2 ?? null, city: o.shipTo.city,
    provinceCode: o.shipTo.region ?? null, zip: o.shipTo.postalCode, countryCodeV2: o.shipTo.country, phone: o.shipTo.phone ?? null } : null,
  lineItems: {
    pageInfo: { hasNextPage: o.lines.length > lineFirst },
    nodes: o.lines.slice(0, lineFirst).map((l) => ({
      id: `gid://shopify/LineItem/${l.lineId}`, sku: l.sku, name: l.title, quantity: l.ordered, currentQuantity: l.ordered - l.cancelled,
      unfulfilledQuantity: l.ordered - l.cancelled - l.fulfilled, requiresShipping: l.kind !== "no_shipping" && l.kind !== "gift_card", isGiftCard: l.kind === "gift_card",
      variant: l.variantId ? { id: `gid://shopify/ProductVariant/${l.variantId}` } : null,
      originalUnitPriceSet: l.unitPrice ? { shopMoney: { amount: money(l.unitPrice.amountMinor, l.unitPrice.currency), currencyCode: l.unitPrice.currency } } : null,
    })),
  },
});
