import { describe, expect, it } from "vitest";
import { formatMinor, parseMoneyMinor } from "./money.js";

describe("parseMoneyMinor", () => {
  it("parses decimal text and numbers to the same minor units (C07)", () => {
    expect(parseMoneyMinor("25.50", "USD")).toBe(2550);
    expect(parseMoneyMinor(25.5, "USD")).toBe(2550);
    expect(parseMoneyMinor("0.1", "EUR")).toBe(10);
    expect(parseMoneyMinor(0.29, "EUR")).toBe(29); // 0.29 * 100 is 28.999999999999996 as a float
    expect(parseMoneyMinor("1500", "JPY")).toBe(1500);
    expect(parseMoneyMinor("1.234", "KWD")).toBe(1234);
  });
  it("rejects junk and excess precision instead of rounding", () => {
    expect(() => parseMoneyMinor("12,50", "EUR")).toThrow(/decimal/);
    expect(() => parseMoneyMinor("1.005", "USD")).toThrow(/decimals/);
    expect(() => parseMoneyMinor("", "USD")).toThrow();
  });
  it("formats back", () => {
    expect(formatMinor(1234, "EUR")).toBe("12.34");
    expect(formatMinor(5, "EUR")).toBe("0.05");
    expect(formatMinor(1500, "JPY")).toBe("1500");
  });
});
