import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ChannelConfig } from "../../config/channel.schema.js";
import { parseShopifyOrdersCsv } from "../../connectors/marketplaces/index.js";
import { parseDelimited } from "../../connectors/marketplaces/csv.js";
import { NotFoundError } from "./cli-errors.js";
import { type ImportSummary, importChannel, importOutcome, lineCounts, renderImportSummary } from "./order-import.js";

const exportText = readFileSync(new URL("../../../../shared/data/shopify/orders_export_devstore.csv", import.meta.url), "utf8");

describe("lineCounts", () => {
  // Regression: "lines: 40 — 2 stock, 17 non-inventory, 38 UNMAPPED": SKU-less gift cards were counted twice.
  it("partitions the real export's lines: the groups add up to the total", () => {
    const [header = [], ...rows] = parseDelimited(exportText, ",");
    const col = (r: string[], name: string) => r[header.indexOf(name)] ?? "";
    // Counted from the file's own columns, not from the mapper under test.
    const nonInventory = rows.filter((r) => /^gift card\b/i.test(col(r, "Lineitem name")) || col(r, "Lineitem requires shipping") === "false").length;
    const stockWithSku = rows.filter((r) => col(r, "Lineitem requires shipping") !== "false" && !/^gift card\b/i.test(col(r, "Lineitem name")) && col(r, "Lineitem sku").trim() !== "").length;
    const counts = lineCounts(parseShopifyOrdersCsv(exportText, "shopify-dev").orders);
    expect(counts.total).toBe(rows.length);
    expect(counts.stock + counts.unmapped + counts.nonInventory).toBe(counts.total);
    expect(counts).toEqual({ total: rows.length, stock: stockWithSku, unmapped: rows.length - stockWithSku - nonInventory, nonInventory });
    expect(counts).toEqual({ total: 40, stock: 2, unmapped: 21, nonInventory: 17 });
  });
});

const channels = [{ id: "shopify-main", kind: "shopify" }, { id: "shopify-b2b", kind: "shopify" }, { id: "amazon-eu", kind: "amazon" }] as unknown as ChannelConfig[];

describe("importChannel", () => {
  // Regression: an unknown channel id got a note and then every order of the file, exit 0.
  it("refuses a channel that is not configured, listing the configured ones of the file's kind", () => {
    expect(() => importChannel(channels, "shopify-orders", "no-such-channel")).toThrow("channel no-such-channel is not in the configuration; configured shopify channels: shopify-main, shopify-b2b");
    expect(() => importChannel(channels, "amazon-orders", "no-such-channel")).toThrow("configured amazon channels: amazon-eu");
    // A name that does not exist: exit 2 without the --help hint (--help lists no channels).
    expect(() => importChannel(channels, "shopify-orders", "no-such-channel")).toThrow(NotFoundError);
  });
  // Regression: an Amazon report imported into shopify-main (and the reverse) created orders.
  it("refuses a channel of the other kind", () => {
    expect(() => importChannel(channels, "amazon-orders", "shopify-main")).toThrow("channel shopify-main is a shopify channel; amazon-orders imports need an amazon channel (configured amazon channels: amazon-eu)");
    expect(() => importChannel(channels, "shopify-orders", "amazon-eu")).toThrow("channel amazon-eu is an amazon channel; shopify-orders imports need a shopify channel");
  });
  it("says when no channel of the kind exists, and returns a fitting one", () => {
    expect(() => importChannel(channels.slice(0, 2), "amazon-orders", "amazon-eu")).toThrow("no amazon channel is configured");
    expect(importChannel(channels, "amazon-orders", "amazon-eu").id).toBe("amazon-eu");
  });
});

describe("import outcome", () => {
  it("is complete only with nothing quarantined, rejected when nothing was accepted", () => {
    expect(importOutcome(19, 0)).toBe("complete");
    expect(importOutcome(0, 0)).toBe("complete");
    expect(importOutcome(18, 1)).toBe("partial");
    expect(importOutcome(0, 3)).toBe("rejected");
  });
  it("ends the summary with the result and the exit code it gives", () => {
    const base: ImportSummary = {
      file: "f.csv", channel: "shopify-main", format: "shopify-orders", rowsRead: 3, orders: { mapped: 0, created: 0, updated: 0, unchanged: 0, stale: 0 },
      lines: { total: 0, stock: 0, unmapped: 0, nonInventory: 0 }, evaluationsQueued: 0, deferred: 0, quarantined: 2,
      topReasons: [{ reason: "SHOPIFY_CSV.BAD_VALUE", count: 2 }], outcome: "rejected", exitCode: 4,
    };
    expect(renderImportSummary(base)).toMatch(/result: +NOTHING IMPORTED: 0 of 2 orders accepted, 2 quarantined \(see backorder quarantine list\) \(exit 4\)$/);
    expect(renderImportSummary({ ...base, orders: { ...base.orders, mapped: 5 }, outcome: "partial", exitCode: 3 })).toMatch(/PARTIAL: 5 of 7 orders accepted, 2 quarantined .*\(exit 3\)$/);
    expect(renderImportSummary({ ...base, orders: { ...base.orders, mapped: 5 }, quarantined: 0, topReasons: [], outcome: "complete", exitCode: 0 })).toMatch(/all 5 orders accepted \(exit 0\)$/);
  });
});
