import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mapAmazonOrder2026, mapAmazonV0Order } from "./amazon.mapper.js";
import { parseAmazonAllOrdersTsv } from "./amazon-tsv.mapper.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const tsv = readFileSync(resolve(repoRoot, "test/fixtures/amazon/all-orders.tsv"), "utf8");

describe("parseAmazonAllOrdersTsv", () => {
  const res = parseAmazonAllOrdersTsv(tsv, "amazon-us");
  it("C05: sums repeated order+SKU rows into one line of quantity 3", () => {
    const o = res.orders.find((x) => x.externalId === "111-0000001-0000001")!;
    expect(o.lines).toHaveLength(1);
    expect(o.lines[0]).toMatchObject({ sku: "CABLE-1M", ordered: 3, unitPrice: { amountMinor: 999, currency: "USD" } });
  });
  it("C05: importing the same file twice gives identical orders", () => {
    expect(parseAmazonAllOrdersTsv(tsv, "amazon-us")).toEqual(res);
  });
  it("maps Amazon-fulfilled rows to marketplace fulfilment, defers Pending, rejects bad quantities", () => {
    expect(res.orders.find((x) => x.externalId === "111-0000002-0000002")!.fulfilment).toBe("marketplace");
    expect(res.deferred).toEqual([{ ref: "111-0000003-0000003", reason: expect.stringMatching(/PENDING/) }]);
    expect(res.rejected).toEqual([expect.objectContaining({ ref: "111-0000005-0000005", reason: expect.stringMatching(/quantity/) })]);
    const o4 = res.orders.find((x) => x.externalId === "111-0000004-0000004")!;
    expect(o4.lines.find((l) => l.sku === "LAMP-1")).toMatchObject({ ordered: 1, cancelled: 1 });
    expect(o4.currency).toBe("EUR");
  });
});

const o2026 = (over: Record<string, unknown>) => ({
  orderId: "902-1", createdTime: "2025-03-14T08:02:11Z", lastUpdatedTime: "2025-03-14T08:33:40Z",
  fulfillment: { fulfillmentStatus: "UNSHIPPED", fulfilledBy: "MERCHANT" },
  orderItems: [{ orderItemId: "i1", quantityOrdered: 2, product: { asin: "B0", title: "Tent", sellerSku: "TENT", price: { unitPrice: { amount: "24.99", currencyCode: "USD" } } }, fulfillment: { quantityFulfilled: 0 } }],
  ...over,
});

describe("Amazon API mappers", () => {
  it("maps a v2026-01-01 order with embedded items", () => {
    const r = mapAmazonOrder2026(o2026({}), "a");
    expect(r.ok === true && r.order).toMatchObject({ externalId: "902-1", status: "open", fulfilment: "merchant", currency: "USD", lines: [{ sku: "TENT", ordered: 2, unitPrice: { amountMinor: 2499 } }] });
  });
  it("defers Pending and maps AFN to marketplace", () => {
    expect(mapAmazonOrder2026(o2026({ fulfillment: { fulfillmentStatus: "PENDING", fulfilledBy: "MERCHANT" } }), "a").ok).toBe("deferred");
    const r = mapAmazonOrder2026(o2026({ fulfillment: { fulfillmentStatus: "SHIPPED", fulfilledBy: "AMAZON" } }), "a");
    expect(r.ok === true && r.order.fulfilment).toBe("marketplace");
  });
  it("maps a v0 order with its getOrderItems items", () => {
    const order = { AmazonOrderId: "114-1", PurchaseDate: "2025-03-14T08:02:11Z", LastUpdateDate: "2025-03-14T08:33:40Z", OrderStatus: "PartiallyShipped",
      FulfillmentChannel: "MFN", OrderTotal: { CurrencyCode: "USD", Amount: "49.98" }, ShippingAddress: { City: "SEATTLE", StateOrRegion: "WA", PostalCode: "98101", CountryCode: "US" } };
    const items = [{ OrderItemId: "68828574383266", ASIN: "B0", SellerSKU: "TENT-2P-GRN", QuantityOrdered: 2, QuantityShipped: 1, ItemPrice: { CurrencyCode: "USD", Amount: "49.98" } }];
    const r = mapAmazonV0Order(order, items, "a");
    expect(r.ok === true && r.order).toMatchObject({ totals: { shop: { amountMinor: 4998 } }, lines: [{ ordered: 2, fulfilled: 1, unitPrice: { amountMinor: 2499 } }], shipTo: { city: "SEATTLE", line1: "" } });
    expect(mapAmazonV0Order(order, [{ ...items[0], QuantityOrdered: "2" }], "a").ok).toBe(false);
  });
});

const hostile = (name: string) => readFileSync(resolve(repoRoot, "test/fixtures/hostile", name), "utf8");

describe("parseAmazonAllOrdersTsv on hostile rows", () => {
  // Regression: "-3" was quarantined as "is not a whole number" (it is whole; it is negative).
  it("quarantines each bad quantity with its own reason and keeps a cancelled item of 0 units", () => {
    const r = parseAmazonAllOrdersTsv(hostile("amazon-quantities.tsv"), "a");
    expect(r.orders.map((o) => o.externalId)).toEqual(["302-0000006-0000006", "302-0000007-0000007"]);
    expect(r.orders[1]).toMatchObject({ status: "cancelled", lines: [{ ordered: 0, cancelled: 0 }] });
    expect(Object.fromEntries(r.rejected.map((x) => [x.ref, x.reason]))).toEqual({
      "302-0000001-0000001": 'AMAZON_TSV.BAD_VALUE: quantity (MUG-RED) "-3" is negative; a line has at least 1 unit',
      "302-0000002-0000002": "AMAZON_TSV.BAD_VALUE: quantity (MUG-RED) is 0; a line has at least 1 unit (0 is read only on a cancelled item)",
      "302-0000003-0000003": 'AMAZON_TSV.BAD_VALUE: quantity (MUG-RED) "1.5" is fractional; quantities are whole units',
      "302-0000004-0000004": `AMAZON_TSV.BAD_VALUE: quantity (MUG-RED) "99999999999999999999" is too large (at most ${Number.MAX_SAFE_INTEGER})`,
      "302-0000005-0000005": 'AMAZON_TSV.BAD_VALUE: quantity (MUG-RED) "two" is not a number',
    });
  });
  // Regression: a 10,000-character product name was stored whole with no word.
  it("quarantines an order whose product-name is longer than Amazon allows a title", () => {
    const r = parseAmazonAllOrdersTsv(hostile("amazon-long-title.tsv"), "a");
    expect(r.orders.map((o) => [o.externalId, o.lines[0]?.title])).toEqual([["302-0000012-0000012", "Tent 2p, green"]]);
    expect(r.rejected).toEqual([expect.objectContaining({ ref: "302-0000011-0000011", reason: expect.stringMatching(/^AMAZON_TSV\.TITLE_TOO_LONG: product-name \(MUG-RED\) is 10000 characters; Amazon line titles have at most 500/) })]);
  });
});

describe("Amazon API mappers and the title limit", () => {
  it("quarantine a v2026 or v0 order item whose title is over the 500-character guard, and keep a 500-character one", () => {
    const item = (title: string) => ({ orderItemId: "i1", quantityOrdered: 1, product: { asin: "B0", title, sellerSku: "TENT" } });
    expect(mapAmazonOrder2026(o2026({ orderItems: [item("t".repeat(500))] }), "a").ok).toBe(true);
    const long = mapAmazonOrder2026(o2026({ orderItems: [item("t".repeat(501))] }), "a");
    expect(long.ok === false && long.rejection.reason).toMatch(/^AMAZON\.TITLE_TOO_LONG: order item i1 title is 501 characters/);
    const order = { AmazonOrderId: "114-2", PurchaseDate: "2025-03-14T08:02:11Z", LastUpdateDate: "2025-03-14T08:33:40Z", OrderStatus: "Unshipped", FulfillmentChannel: "MFN" };
    const v0 = mapAmazonV0Order(order, [{ OrderItemId: "7", ASIN: "B0", SellerSKU: "TENT", Title: "t".repeat(10_000), QuantityOrdered: 1 }], "a");
    expect(v0.ok === false && v0.rejection).toMatchObject({ ref: "114-2", reason: expect.stringMatching(/^AMAZON\.TITLE_TOO_LONG: order item 7 Title is 10000 characters/) });
  });
});
