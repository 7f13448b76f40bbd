import { describe, expect, it } from "vitest";
import { backorderDays, backorderRates, median, percentile, vendorLeadTimes } from "./metrics.js";

describe("metrics", () => {
  it("computes % backordered by units and lines, and fill rate", () => {
    const r = backorderRates([{ needed: 4, shortfall: 1 }, { needed: 6, shortfall: 0 }, { needed: 0, shortfall: 0 }, { needed: 10, shortfall: 10 }]);
    expect(r.units).toEqual({ backordered: 11, total: 20, percent: 55 });
    expect(r.lines).toEqual({ backordered: 2, total: 3, percent: 66.67 });
    expect(r.fillRatePercent).toBe(45);
  });
  it("uses nearest-rank p90 and a midpoint median", () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(xs, 90)).toBe(9);
    expect(median(xs)).toBe(5.5);
    expect(median([3])).toBe(3);
    expect(percentile([], 90)).toBeUndefined();
  });
  it("measures backorder days hold → release, open holds up to asOf", () => {
    const r = backorderDays(
      [
        { order: "a", heldAt: "2026-01-01T00:00:00Z", releasedAt: "2026-01-03T12:00:00Z" },
        { order: "b", heldAt: "2026-01-01T00:00:00Z", releasedAt: "2026-01-02T00:00:00Z" },
        { order: "c", heldAt: "2026-01-05T00:00:00Z" },
      ],
      "2026-01-15T00:00:00Z",
    );
    expect(r.perOrder.map((o) => [o.days, o.open])).toEqual([[2.5, false], [1, false], [10, true]]);
    expect(r.median).toBe(2.5);
    expect(r.p90).toBe(10);
  });
  it("compares promised and actual vendor lead time", () => {
    const r = vendorLeadTimes([
      { vendor: "acme", issuedAt: "2026-01-01T00:00:00Z", receivedAt: "2026-01-08T00:00:00Z", promisedDays: 5 },
      { vendor: "acme", issuedAt: "2026-01-01T00:00:00Z", receivedAt: "2026-01-04T00:00:00Z", promisedDays: 5 },
      { vendor: "beta", issuedAt: "2026-01-01T00:00:00Z", promisedDays: 3 },
    ]);
    expect(r).toEqual([
      { vendor: "acme", orders: 2, promisedAvgDays: 5, actualAvgDays: 5, lateCount: 1 },
      { vendor: "beta", orders: 1, promisedAvgDays: 3, actualAvgDays: undefined, lateCount: 0 },
    ]);
  });
});
