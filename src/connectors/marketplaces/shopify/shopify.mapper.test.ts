import { describe, expect, it } from "vitest";
import { mapShopifyGraphqlOrder, mapShopifyRestOrder, mapShopifyRestOrders } from "./shopify.mapper.js";

const line = (over: Record<string, unknown>) => ({
  id: 1, variant_id: 111, product_id: 222, product_exists: true, sku: "MUG-RED", title: "Mug", quantity: 2, current_quantity: 2,
  fulfillable_quantity: 2, fulfillment_status: null, requires_shipping: true, gift_card: false, price: "12.75", ...over,
});
const order = (over: Record<string, unknown>) => ({
  id: 9000000001, name: "#1001", created_at: "2025-03-14T09:12:44+01:00", updated_at: "2025-03-14T09:13:02+01:00", cancelled_at: null,
  currency: "USD", total_price: "25.50", shipping_address: { name: "Ana Test", address1: "1 Example Way", city: "Lyon", zip: "69001", country_code: "FR" },
  line_items: [line({})], ...over,
});

describe("mapShopifyRestOrder", () => {
  it("C01: a deleted variant keeps its line flagged UNMAPPED and the batch goes on", () => {
    const res = mapShopifyRestOrders([
      order({ line_items: [line({ id: 1 }), line({ id: 2, sku: "MUG-BLUE-OLD", variant_id: null, product_id: null, product_exists: false, quantity: 1, current_quantity: 1, fulfillable_quantity: 1 })] }),
      order({ id: 9000000002, name: "#1002" }),
    ], "shopify-main");
    expect(res.rejected).toEqual([]);
    expect(res.orders.map((o) => o.externalId)).toEqual(["9000000001", "9000000002"]);
    const [a, b] = res.orders[0]!.lines;
    expect(a!.flags).toEqual([]);
    expect(b).toMatchObject({ sku: "MUG-BLUE-OLD", variantId: null, flags: ["UNMAPPED"], ordered: 1 });
  });

  it("C03: the order's own SKU is kept with the stable variant id beside it", () => {
    const r = mapShopifyRestOrder(order({ line_items: [line({ variant_id: 555, sku: "WIDGET-A2", quantity: 3, current_quantity: 3 })] }), "s");
    expect(r.ok === true && r.order.lines[0]).toMatchObject({ sku: "WIDGET-A2", variantId: "555", ordered: 3 });
  });

  it("C07: number and string money give identical orders; a string quantity is rejected", () => {
    const a = mapShopifyRestOrder(order({ total_price: 25.5 }), "s");
    const b = mapShopifyRestOrder(order({ total_price: "25.50" }), "s");
    expect(a).toEqual(b);
    expect(a.ok === true && a.order.totals?.shop).toEqual({ amountMinor: 2550, currency: "USD" });
    expect(a.ok === true && a.order.lines[0]!.unitPrice).toEqual({ amountMinor: 1275, currency: "USD" });
    const c = mapShopifyRestOrder(order({ line_items: [line({ quantity: "2" })] }), "s");
    expect(c.ok).toBe(false);
    expect(c.ok === false && c.rejection).toMatchObject({ ref: "9000000001", reason: expect.stringMatching(/line_items\.0\.quantity/) });
  });

  it("C08: presentment money is kept apart and lines stay in the shop currency", () => {
    const set = { shop_money: { amount: "10.80", currency_code: "USD" }, presentment_money: { amount: "10.00", currency_code: "EUR" } };
    const r = mapShopifyRestOrder(order({ id: 9000000004, presentment_currency: "EUR", total_price_set: set, line_items: [line({ price: "10.00", price_set: set })] }), "s");
    expect(r.ok).toBe(true);
    if (r.ok !== true) return;
    expect(r.order.totals).toEqual({ shop: { amountMinor: 1080, currency: "USD" }, presentment: { amountMinor: 1000, currency: "EUR" } });
    expect(r.order.lines[0]!.unitPrice).toEqual({ amountMinor: 1080, currency: "USD" });
    expect(r.order.currency).toBe("USD");
  });

  it("uses current_quantity for edits, fulfillable_quantity for what is shipped, and UTC instants", () => {
    const r = mapShopifyRestOrder(order({ line_items: [line({ quantity: 2, current_quantity: 1, fulfillable_quantity: 0 }), line({ id: 3, gift_card: true, requires_shipping: false })] }), "s");
    if (r.ok !== true) throw new Error("expected ok");
    expect(r.order.lines[0]).toMatchObject({ ordered: 2, cancelled: 1, fulfilled: 1 });
    expect(r.order.lines[1]!.kind).toBe("gift_card");
    expect(r.order.placedAt).toBe("2025-03-14T08:12:44.000Z");
    expect(r.order.shipTo).toMatchObject({ line1: "1 Example Way", country: "FR" });
  });
});

describe("mapShopifyGraphqlOrder", () => {
  const node = {
    id: "gid://shopify/Order/77", legacyResourceId: "77", name: "#1077", createdAt: "2025-03-01T10:00:00Z", updatedAt: "2025-03-02T10:00:00Z",
    cancelledAt: null, closedAt: null, currencyCode: "EUR", totalPriceSet: { shopMoney: { amount: "20.00", currencyCode: "EUR" } }, shippingAddress: null,
    lineItems: { pageInfo: { hasNextPage: false }, nodes: [
      { id: "gid://shopify/LineItem/5", sku: "A-1", name: "A", quantity: 3, currentQuantity: 2, unfulfilledQuantity: 1, requiresShipping: true, isGiftCard: false,
        variant: { id: "gid://shopify/ProductVariant/9" }, originalUnitPriceSet: { shopMoney: { amount: "10.00", currencyCode: "EUR" } } },
      { id: "gid://shopify/LineItem/6", sku: "", name: "Gone", quantity: 1, currentQuantity: 1, unfulfilledQuantity: 1, requiresShipping: true, isGiftCard: false, variant: null },
    ] },
  };
  it("maps ids, quantities and flags", () => {
    const r = mapShopifyGraphqlOrder(node, "s");
    if (r.ok !== true) throw new Error("expected ok");
    expect(r.order.externalId).toBe("77");
    expect(r.order.lines[0]).toMatchObject({ lineId: "5", variantId: "9", ordered: 3, cancelled: 1, fulfilled: 1, flags: [] });
    expect(r.order.lines[1]).toMatchObject({ sku: null, flags: ["UNMAPPED"] });
  });
  it("rejects a node whose line items did not fit one page instead of storing half an order", () => {
    const r = mapShopifyGraphqlOrder({ ...node, lineItems: { ...node.lineItems, pageInfo: { hasNextPage: true } } }, "s");
    expect(r.ok === false && r.rejection.reason).toMatch(/LINES_TRUNCATED/);
  });
});

describe("Shopify API mappers and the title limit", () => {
  // Regression: a 10,000-character line item name was stored whole with no word.
  it("quarantine a webhook or GraphQL order whose line item name is over what Shopify can make, and keep 1029", () => {
    const fits = "p".repeat(255) + " - " + ["a", "b", "c"].map((c) => c.repeat(255)).join(" / ");
    expect(fits).toHaveLength(1029);
    const ok = mapShopifyRestOrder(order({ line_items: [line({ name: fits })] }), "s");
    expect(ok.ok === true && ok.order.lines[0]!.title).toBe(fits);
    const rest = mapShopifyRestOrder(order({ line_items: [line({ name: `${fits}x` })] }), "s");
    expect(rest.ok === false && rest.rejection).toMatchObject({ ref: "9000000001", reason: expect.stringMatching(/^SHOPIFY\.TITLE_TOO_LONG: line item 1 name is 1030 characters/) });
    const titleOnly = mapShopifyRestOrder(order({ line_items: [line({ title: "t".repeat(10_000) })] }), "s");
    expect(titleOnly.ok === false && titleOnly.rejection.reason).toMatch(/TITLE_TOO_LONG/);
    const gql = mapShopifyGraphqlOrder({ id: "gid://shopify/Order/78", legacyResourceId: "78", name: "#1078", createdAt: "2025-03-01T10:00:00Z", updatedAt: "2025-03-02T10:00:00Z",
      currencyCode: "EUR", lineItems: { pageInfo: { hasNextPage: false }, nodes: [{ id: "gid://shopify/LineItem/8", sku: "A-1", name: "n".repeat(10_000), quantity: 1, currentQuantity: 1,
        unfulfilledQuantity: 1, requiresShipping: true, isGiftCard: false, variant: { id: "gid://shopify/ProductVariant/9" } }] } }, "s");
    expect(gql.ok === false && gql.rejection).toMatchObject({ ref: "78", reason: expect.stringMatching(/^SHOPIFY\.TITLE_TOO_LONG: line item 8 name is 10000 characters/) });
  });
});
