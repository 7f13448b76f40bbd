import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMinor, parseDecimalToMinor } from "./money.js";

describe("formatMinor", () => {
  it("uses the currency's minor-unit exponent", () => {
    expect(formatMinor(1450, "USD")).toBe("14.50");
    expect(formatMinor(5, "EUR")).toBe("0.05");
    expect(formatMinor(1450, "JPY")).toBe("1450");
    expect(formatMinor(1450, "BHD")).toBe("1.450");
    expect(formatMinor(-7, "USD")).toBe("-0.07");
  });

  it("refuses fractional minor units instead of rounding them silently", () => {
    expect(() => formatMinor(14.5, "USD")).toThrow(RangeError);
  });

  it("round-trips through parseDecimalToMinor for any amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), fc.constantFrom("USD", "JPY", "BHD"), (n, cur) => {
        expect(parseDecimalToMinor(formatMinor(n, cur), cur)).toBe(n);
      }),
    );
  });

  it("rejects decimals finer than the currency allows", () => {
    expect(parseDecimalToMinor("1.005", "USD")).toBeNull();
    expect(parseDecimalToMinor("1.50", "USD")).toBe(150);
  });
});
