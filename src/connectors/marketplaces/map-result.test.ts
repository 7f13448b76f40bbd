import { describe, expect, it } from "vitest";
import { LINE_TITLE_LIMIT, MapError, checkLineTitle, rejectionReason, wholeUnits } from "./map-result.js";

describe("wholeUnits", () => {
  // Regression: "-3" was quarantined as "is not a whole number"; every kind of bad count now says what it is.
  it.each([
    ["-3", /"-3" is negative; a line has at least 1 unit/],
    ["-1.5", /is negative/],
    ["0", /is 0; a line has at least 1 unit/],
    ["1.5", /"1.5" is fractional/],
    ["99999999999999999999", /is too large/],
    ["9007199254740993", /is too large/],
    ["1e400", /is too large/],
    ["1e3", /"1e3" is not written as whole digits/],
    ["2.0", /is not written as whole digits/],
    ["two", /"two" is not a number/],
    ["NaN", /is not a number/],
    ["0x10", /is not a number/],
    ["", /is empty/],
    ["  ", /is empty/],
  ])("%j is refused with its own reason", (text, reason) => {
    expect(() => wholeUnits(text, "Lineitem quantity")).toThrow(reason);
  });
  it("reads plain digits, trimmed", () => {
    expect(wholeUnits("7", "q")).toBe(7);
    expect(wholeUnits(" 12 ", "q")).toBe(12);
    expect(wholeUnits(String(Number.MAX_SAFE_INTEGER), "q")).toBe(Number.MAX_SAFE_INTEGER);
  });
  it("reads 0 only where the caller allows it, and says why otherwise", () => {
    expect(wholeUnits("0", "q", { allowZero: true })).toBe(0);
    expect(() => wholeUnits("0", "q", { zeroNote: "only on a cancelled item" })).toThrow("q is 0; a line has at least 1 unit (only on a cancelled item)");
  });
});

describe("checkLineTitle", () => {
  it("keeps titles up to each marketplace's limit and refuses one character more with TITLE_TOO_LONG", () => {
    for (const m of ["shopify", "amazon"] as const) {
      const limit = LINE_TITLE_LIMIT[m];
      expect(checkLineTitle("x".repeat(limit), "t", m)).toHaveLength(limit);
      expect(() => checkLineTitle("x".repeat(limit + 1), "t", m)).toThrow(MapError);
      expect(() => checkLineTitle("x".repeat(limit + 1), "t", m)).toThrow(`t is ${limit + 1} characters`);
    }
  });
  it("counts characters, not UTF-16 units: 500 emoji fit Amazon's 500", () => {
    const emoji = "📦".repeat(500);
    expect(emoji.length).toBe(1000);
    expect(checkLineTitle(emoji, "t", "amazon")).toBe(emoji);
    expect(() => checkLineTitle(`${emoji}x`, "t", "amazon")).toThrow(/501 characters/);
  });
  it("gives the reason code to the quarantine reason", () => {
    let err: unknown;
    try {
      checkLineTitle("y".repeat(10_000), "Lineitem name (line 1)", "shopify");
    } catch (e) {
      err = e;
    }
    expect(rejectionReason("SHOPIFY_CSV", err)).toMatch(/^SHOPIFY_CSV\.TITLE_TOO_LONG: Lineitem name \(line 1\) is 10000 characters; Shopify line titles have at most 1029/);
    expect(rejectionReason("SHOPIFY_CSV", new Error("x"))).toBe("SHOPIFY_CSV.BAD_VALUE: x");
  });
});
