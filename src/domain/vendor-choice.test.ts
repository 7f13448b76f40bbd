import { describe, expect, it } from "vitest";
import { offer } from "../../test/unit/domain/builders.js";
import { chooseVendor } from "./vendor-choice.js";

describe("chooseVendor", () => {
  const offers = [
    offer("A", "cheap-slow", { unitCost: 50, leadTimeDays: 30 }),
    offer("A", "mid", { unitCost: 80, leadTimeDays: 7 }),
    offer("A", "dear-fast", { unitCost: 120, leadTimeDays: 2 }),
  ];
  it("takes the cheapest vendor whose lead time meets the promise", () => {
    const c = chooseVendor({ sku: "A", offers, promiseDays: 14 });
    expect(c).toMatchObject({ kind: "chosen", offer: { vendor: "mid" }, reason: "cheapest_within_promise" });
  });
  it("takes the preferred vendor first, whatever its price", () => {
    const c = chooseVendor({ sku: "A", offers: [...offers, offer("A", "pref", { unitCost: 999, leadTimeDays: 60, preferred: true })], promiseDays: 14 });
    expect(c).toMatchObject({ kind: "chosen", offer: { vendor: "pref" }, reason: "preferred" });
  });
  it("falls back to the fastest when nobody meets the promise", () => {
    const c = chooseVendor({ sku: "A", offers, promiseDays: 1 });
    expect(c).toMatchObject({ kind: "chosen", offer: { vendor: "dear-fast" }, reason: "fastest_beyond_promise" });
  });
  it("reports a SKU without offers as an exception with a reason", () => {
    expect(chooseVendor({ sku: "Z", offers, promiseDays: 14 })).toEqual({ kind: "none", sku: "Z", code: "CATALOG.NO_OFFER", reason: "no vendor offers SKU Z" });
    const excluded = chooseVendor({ sku: "A", offers, promiseDays: 14, excludedVendors: new Set(["cheap-slow", "mid", "dear-fast"]) });
    expect(excluded).toMatchObject({ kind: "none", reason: "every vendor offering A is disabled or unknown" });
  });
});
