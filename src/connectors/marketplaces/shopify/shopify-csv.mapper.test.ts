import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseShopifyOrdersCsv } from "./shopify-csv.mapper.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const text = readFileSync(resolve(repoRoot, "../shared/data/shopify/orders_export_devstore.csv"), "utf8");

describe("parseShopifyOrdersCsv on the real dev-store export", () => {
  const res = parseShopifyOrdersCsv(text, "shopify-dev");
  it("groups continuation rows into 19 orders and drops no line", () => {
    expect(res.rejected).toEqual([]);
    expect(res.orders).toHaveLength(19);
    expect(res.orders.reduce((n, o) => n + o.lines.length, 0)).toBe(40);
  });
  it("reads order #1001 with order-level values from its first row", () => {
    const o = res.orders.find((x) => x.orderNumber === "#1001")!;
    expect(o).toMatchObject({ externalId: "6634244374859", currency: "EUR", placedAt: "2025-05-11T13:55:16.000Z", channelUpdatedAt: "2025-05-11T13:57:05.000Z" });
    expect(o.totals?.shop).toEqual({ amountMinor: 165995, currency: "EUR" });
    expect(o.lines.map((l) => l.kind)).toEqual(["gift_card", "stock", "stock", "stock"]);
    expect(o.lines[2]).toMatchObject({ sku: null, flags: ["UNMAPPED"], unitPrice: { amountMinor: 60000, currency: "EUR" }, fulfilled: 1 });
  });
  it("keeps SKU lines mapped and unfulfilled lines open", () => {
    const o1006 = res.orders.find((x) => x.orderNumber === "#1006")!;
    expect(o1006.lines[1]).toMatchObject({ sku: "sku-untracked-1", flags: [], kind: "stock" });
    const o1019 = res.orders.find((x) => x.orderNumber === "#1019")!;
    expect(o1019.lines.filter((l) => l.fulfilled === 0)).toHaveLength(4);
  });
  it("rejects an order with a bad quantity and keeps the others", () => {
    const bad = text.replace("#1003,,paid,2025-05-11 10:01:25 -0400,fulfilled,2025-05-11 10:01:33 -0400,no,EUR,729.95,0.00,0.00,729.95,\"\",0.00,\"\",2025-05-11 10:01:25 -0400,1,", "#1003,,paid,2025-05-11 10:01:25 -0400,fulfilled,2025-05-11 10:01:33 -0400,no,EUR,729.95,0.00,0.00,729.95,\"\",0.00,\"\",2025-05-11 10:01:25 -0400,1.5,");
    const r = parseShopifyOrdersCsv(bad, "s");
    expect(r.orders).toHaveLength(18);
    expect(r.rejected[0]).toMatchObject({ ref: "#1003", reason: expect.stringMatching(/quantity/) });
  });
});

const hostile = (name: string) => readFileSync(resolve(repoRoot, "test/fixtures/hostile", name), "utf8");

describe("parseShopifyOrdersCsv on hostile rows", () => {
  // Regression: "-3" was quarantined as "is not a whole number" (it is whole; it is negative).
  it("quarantines each bad quantity with a reason that says what is wrong with it", () => {
    const r = parseShopifyOrdersCsv(hostile("shopify-quantities.csv"), "s");
    expect(r.orders.map((o) => o.orderNumber)).toEqual(["#9106"]);
    expect(Object.fromEntries(r.rejected.map((x) => [x.ref, x.reason]))).toEqual({
      "#9101": 'SHOPIFY_CSV.BAD_VALUE: Lineitem quantity (line 1) "-3" is negative; a line has at least 1 unit',
      "#9102": "SHOPIFY_CSV.BAD_VALUE: Lineitem quantity (line 1) is 0; a line has at least 1 unit",
      "#9103": 'SHOPIFY_CSV.BAD_VALUE: Lineitem quantity (line 1) "1.5" is fractional; quantities are whole units',
      "#9104": `SHOPIFY_CSV.BAD_VALUE: Lineitem quantity (line 1) "99999999999999999999" is too large (at most ${Number.MAX_SAFE_INTEGER})`,
      "#9105": 'SHOPIFY_CSV.BAD_VALUE: Lineitem quantity (line 1) "two" is not a number',
    });
  });
  // Regression: a 10,000-character line item name was stored whole with no word.
  it("quarantines an order whose line item name is longer than Shopify can make one", () => {
    const r = parseShopifyOrdersCsv(hostile("shopify-long-title.csv"), "s");
    expect(r.orders.map((o) => [o.orderNumber, o.lines[0]?.title])).toEqual([["#9202", "Snowboard - Large / Blue"]]);
    expect(r.rejected).toEqual([expect.objectContaining({ ref: "#9201", reason: expect.stringMatching(/^SHOPIFY_CSV\.TITLE_TOO_LONG: Lineitem name \(line 1\) is 10000 characters; Shopify line titles have at most 1029/) })]);
  });
});
