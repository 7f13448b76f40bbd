import type { Address, LineFlag, LineKind, Money, OrderLine, SalesOrder } from "../../../domain/order.js";
import { type MapOne, type MapResult, checkLineTitle, collect, describeZodError, rejectionReason, toIsoInstant } from "../map-result.js";
import { parseMoneyMinor } from "../money.js";
import { GqlOrderNodeSchema, RestOrderSchema } from "./shopify.schemas.js";
import type { GqlOrderNode, RestOrder } from "./shopify.schemas.js";

type RestLine = RestOrder["line_items"][number];
type GqlLine = GqlOrderNode["lineItems"]["nodes"][number];

const money = (amount: string | number, currency: string): Money => ({ amountMinor: parseMoneyMinor(amount, currency), currency });

const gidTail = (gid: string): string => gid.slice(gid.lastIndexOf("/") + 1);

const lineKind = (giftCard: boolean | undefined, requiresShipping: boolean | undefined): LineKind =>
  giftCard ? "gift_card" : requiresShipping === false ? "no_shipping" : "stock";

/** C01: a deleted variant (null ids, product_exists false) or a missing SKU keeps the line, flagged. */
const restFlags = (li: RestLine): LineFlag[] =>
  !li.sku || li.variant_id == null || li.product_exists === false ? ["UNMAPPED"] : [];

const orderStatus = (cancelledAt: string | null | undefined, closedAt: string | null | undefined): SalesOrder["status"] =>
  cancelledAt ? "cancelled" : closedAt ? "closed" : "open";

const restAddress = (a: RestOrder["shipping_address"]): Address | null => {
  if (!a || !a.address1 || !a.city || !a.country_code) return null;
  const name = a.name ?? ([a.first_name, a.last_name].filter(Boolean).join(" ") || undefined);
  return {
    name: name ?? undefined, company: a.company ?? undefined, line1: a.address1, line2: a.address2 ?? undefined,
    city: a.city, region: a.province_code ?? undefined, postalCode: a.zip ?? "", country: a.country_code, phone: a.phone ?? undefined,
  };
};

const restLine = (li: RestLine, currency: string): OrderLine => {
  // current_quantity (API 2024-01+) already excludes units removed by edits; older payloads lack it.
  const current = li.current_quantity ?? li.quantity;
  const fulfilled =
    li.fulfillment_status === "fulfilled" ? current : li.fulfillable_quantity !== undefined ? Math.max(0, current - li.fulfillable_quantity) : 0;
  // C08: every stored amount is in the shop currency; presentment money is kept only on totals.
  const price = li.price_set ? li.price_set.shop_money : { amount: li.price, currency_code: currency };
  return {
    lineId: li.id, sku: li.sku ? li.sku : null, variantId: li.variant_id ?? null, title: checkLineTitle(li.name ?? li.title, `line item ${li.id} name`, "shopify"),
    ordered: li.quantity, cancelled: li.quantity - current, fulfilled: Math.min(fulfilled, current),
    kind: lineKind(li.gift_card, li.requires_shipping), flags: restFlags(li), unitPrice: money(price.amount, price.currency_code),
  };
};

const restTotals = (o: RestOrder): SalesOrder["totals"] => {
  if (o.total_price_set) {
    const { shop_money: s, presentment_money: p } = o.total_price_set;
    const shop = money(s.amount, s.currency_code);
    return { shop, presentment: p && p.currency_code !== s.currency_code ? money(p.amount, p.currency_code) : undefined };
  }
  return o.total_price === undefined ? undefined : { shop: money(o.total_price, o.currency) };
};

const guard = (ref: string, payload: unknown, build: () => SalesOrder): MapOne => {
  try {
    return { ok: true, order: build() };
  } catch (err) {
    return { ok: false, rejection: { ref, reason: rejectionReason("SHOPIFY", err), payload } };
  }
};

const refOf = (payload: unknown, key: string): string => {
  const v = payload && typeof payload === "object" ? (payload as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" || typeof v === "number" ? String(v) : "unknown";
};

/** One REST order JSON (a webhook body or `/orders/{id}.json`'s `order`) to a SalesOrder or a rejection. */
export const mapShopifyRestOrder = (payload: unknown, channel: string): MapOne => {
  const parsed = RestOrderSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, rejection: { ref: refOf(payload, "id"), reason: `SHOPIFY.SCHEMA: ${describeZodError(parsed.error)}`, payload } };
  const o = parsed.data;
  return guard(o.id, payload, () => ({
    channel, externalId: o.id, orderNumber: o.name, placedAt: toIsoInstant(o.created_at), channelUpdatedAt: toIsoInstant(o.updated_at),
    status: orderStatus(o.cancelled_at, o.closed_at), fulfilment: "merchant", currency: o.currency, totals: restTotals(o),
    shipTo: restAddress(o.shipping_address), lines: o.line_items.map((li) => restLine(li, o.currency)),
  }));
};

export const mapShopifyRestOrders = (payloads: unknown[], channel: string): MapResult =>
  collect(payloads.map((p) => mapShopifyRestOrder(p, channel)));

const gqlAddress = (a: GqlOrderNode["shippingAddress"]): Address | null =>
  !a || !a.address1 || !a.city || !a.countryCodeV2
    ? null
    : { name: a.name ?? undefined, company: a.company ?? undefined, line1: a.address1, line2: a.address2 ?? undefined, city: a.city,
        region: a.provinceCode ?? undefined, postalCode: a.zip ?? "", country: a.countryCodeV2, phone: a.phone ?? undefined };

const gqlLine = (li: GqlLine): OrderLine => ({
  lineId: gidTail(li.id), sku: li.sku ? li.sku : null, variantId: li.variant ? gidTail(li.variant.id) : null, title: checkLineTitle(li.name, `line item ${gidTail(li.id)} name`, "shopify"),
  ordered: li.quantity, cancelled: li.quantity - li.currentQuantity, fulfilled: Math.max(0, li.currentQuantity - li.unfulfilledQuantity),
  kind: lineKind(li.isGiftCard, li.requiresShipping), flags: !li.sku || !li.variant ? ["UNMAPPED"] : [],
  unitPrice: li.originalUnitPriceSet ? money(li.originalUnitPriceSet.shopMoney.amount, li.originalUnitPriceSet.shopMoney.currencyCode) : undefined,
});

/** One GraphQL Admin `Order` node to a SalesOrder or a rejection. */
export const mapShopifyGraphqlOrder = (node: unknown, channel: string): MapOne => {
  const parsed = GqlOrderNodeSchema.safeParse(node);
  if (!parsed.success) return { ok: false, rejection: { ref: refOf(node, "legacyResourceId"), reason: `SHOPIFY.SCHEMA: ${describeZodError(parsed.error)}`, payload: node } };
  const o = parsed.data;
  if (o.lineItems.pageInfo.hasNextPage)
    return { ok: false, rejection: { ref: o.legacyResourceId, reason: "SHOPIFY.LINES_TRUNCATED: more line items than one page; raise lineItems(first:)", payload: node } };
  const bag = o.totalPriceSet;
  return guard(o.legacyResourceId, node, () => ({
    channel, externalId: o.legacyResourceId, orderNumber: o.name, placedAt: toIsoInstant(o.createdAt), channelUpdatedAt: toIsoInstant(o.updatedAt),
    status: orderStatus(o.cancelledAt, o.closedAt), fulfilment: "merchant", currency: o.currencyCode,
    totals: bag ? { shop: money(bag.shopMoney.amount, bag.shopMoney.currencyCode),
      presentment: bag.presentmentMoney && bag.presentmentMoney.currencyCode !== bag.shopMoney.currencyCode ? money(bag.presentmentMoney.amount, bag.presentmentMoney.currencyCode) : undefined } : undefined,
    shipTo: gqlAddress(o.shippingAddress), lines: o.lineItems.nodes.map(gqlLine),
  }));
};

export const mapShopifyGraphqlOrders = (nodes: unknown[], channel: string): MapResult =>
  collect(nodes.map((n) => mapShopifyGraphqlOrder(n, channel)));
