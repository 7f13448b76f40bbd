import { describe, expect, it } from "vitest";
import { parseAmazonAllOrdersTsv } from "./amazon/amazon-tsv.mapper.js";
import { decodeText } from "./csv.js";
import { parseShopifyOrdersCsv } from "./shopify/shopify-csv.mapper.js";

const bytes = (...b: number[]) => Uint8Array.from(b);
const problem = (b: Uint8Array) => {
  const r = decodeText(b);
  return "problem" in r ? `${r.problem.code}: ${r.problem.detail}` : null;
};

// Regression: empty and binary files both read as "HEADER: missing columns …".
describe("decodeText", () => {
  it("tells an empty file, a binary one, UTF-16 and another encoding apart", () => {
    expect(problem(bytes())).toBe("EMPTY: the file is empty (0 bytes)");
    expect(problem(new TextEncoder().encode("\ufeff\r\n \n"))).toMatch(/^EMPTY: the file holds only blank lines/);
    expect(problem(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00))).toBe("NOT_TEXT: the file is not text (a NUL byte at byte 9; binary data?)");
    expect(problem(bytes(0xff, 0xfe, 0x4e, 0x00))).toMatch(/^NOT_TEXT: the file is UTF-16 text/);
    // "Café" in Windows-1252: 0xE9 at byte 4 starts no UTF-8 sequence.
    expect(problem(bytes(0x43, 0x61, 0x66, 0xe9, 0x0a))).toMatch(/^NOT_TEXT: the file is not UTF-8 text \(invalid UTF-8 at byte 4/);
  });
  it("gives back UTF-8 text as it is", () => {
    expect(decodeText(new TextEncoder().encode("\ufeffName,Id\n€,1"))).toEqual({ text: "\ufeffName,Id\n€,1" });
  });
});

describe("file-level rejections of both importers", () => {
  const amazonHeader = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\tsku\tquantity\tcurrency\titem-price";
  const shopifyHeader = "Name,Id,Created at,Lineitem quantity,Lineitem name,Lineitem price,Currency";
  it.each([
    ["", "EMPTY"],
    ["\n\n", "EMPTY"],
    ["Name,Id\u0000\u0001\n", "NOT_TEXT"],
  ])("%j is %s for both", (text, code) => {
    expect(parseShopifyOrdersCsv(text, "s").rejected).toEqual([expect.objectContaining({ ref: "file", reason: expect.stringMatching(new RegExp(`^SHOPIFY_CSV\\.${code}: .*; expected a Shopify orders export \\(CSV\\)$`)) })]);
    expect(parseAmazonAllOrdersTsv(text, "a").rejected).toEqual([expect.objectContaining({ ref: "file", reason: expect.stringMatching(new RegExp(`^AMAZON_TSV\\.${code}: .*; expected an Amazon All Orders report \\(TSV\\)$`)) })]);
  });
  it("names the missing columns, and the other report when that is what the file is", () => {
    expect(parseShopifyOrdersCsv(`${amazonHeader}\n`, "s").rejected[0]?.reason).toBe(
      "SHOPIFY_CSV.HEADER: not a Shopify orders export (CSV): missing columns Name, Id, Created at, Lineitem quantity, Lineitem name, Lineitem price, Currency; it looks like an Amazon All Orders report (TSV)",
    );
    expect(parseAmazonAllOrdersTsv(`${shopifyHeader}\n`, "a").rejected[0]?.reason).toMatch(/^AMAZON_TSV\.HEADER: not an Amazon All Orders report \(TSV\): missing columns amazon-order-id, .*; it looks like a Shopify orders export \(CSV\)$/);
    expect(parseShopifyOrdersCsv("Name,Id,Currency\n#1,1,EUR\n", "s").rejected[0]?.reason).toBe(
      "SHOPIFY_CSV.HEADER: not a Shopify orders export (CSV): missing columns Created at, Lineitem quantity, Lineitem name, Lineitem price",
    );
  });
  it("reads a header with no rows as a file with no orders, not a broken one", () => {
    expect(parseShopifyOrdersCsv(`${shopifyHeader}\n`, "s")).toEqual({ orders: [], rejected: [], deferred: [] });
    expect(parseAmazonAllOrdersTsv(`${amazonHeader}\n`, "a")).toEqual({ orders: [], rejected: [], deferred: [] });
  });
});
