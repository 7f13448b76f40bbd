import { describe, expect, it } from "vitest";
import { buildReport, type ReportData } from "./build-report.js";
import { renderReport } from "./render-report.js";

const data: ReportData = {
  asOf: "2026-03-10T00:00:00.000Z",
  orders: [
    { channel: "s", externalId: "1", placedAt: "2026-03-01T00:00:00.000Z", lines: [{ kind: "stock", flags: [] }, { kind: "gift_card", flags: [] }] },
    { channel: "s", externalId: "2", placedAt: "2026-03-01T00:00:00.000Z", status: "open", lines: [{ kind: "stock", flags: ["UNMAPPED"], sku: null, ordered: 3, cancelled: 0, fulfilled: 1 }]},
  ],
  evaluations: [
    { order: "s:1", channel: "s", placedAt: "", onHold: true, heldAt: "2026-03-01T00:00:00.000Z", lines: [{ kind: "stock", needed: 4, allocated: 1, shortfall: 3 }] },
    { order: "s:2", channel: "s", placedAt: "", onHold: false, heldAt: "2026-03-01T00:00:00.000Z", releasedAt: "2026-03-03T00:00:00.000Z", lines: [{ kind: "stock", needed: 0, allocated: 0, shortfall: 0 }] },
  ],
  backorders: [{ order: "s:1", sku: "A", quantity: 3, vendor: null, exception: { code: "VENDOR.NO_OFFER", reason: "none" } }],
  purchaseOrders: [{ poNumber: "P", vendor: "v", state: "issued", delivery: "failed", transport: "sftp", issuedAt: "2026-03-02T00:00:00.000Z", promisedDays: 3 }],
  quarantine: [{ channel: "s", source: "sync", reason: "X.Y: z" }],
};

describe("buildReport", () => {
  it("counts per channel, rates, holds, POs and exceptions", () => {
    const r = buildReport(data);
    expect(r.channels).toEqual([{ channel: "s", orders: 2, lines: 3 }]);
    // The gift card is non-inventory; the SKU-less stock line is unmapped, an exception while
    // units are still to ship.
    expect(r.lines).toEqual({ allocated: 1, backordered: 1, nonInventory: 1, unmapped: 1, unitsAllocated: 1, unitsBackordered: 3 });
    expect(r.exceptions.unmapped).toEqual({ lines: 1, units: 2 });
    const shipped = { ...data, orders: data.orders.map((o) => ({ ...o, lines: o.lines.map((l) => ({ ...l, fulfilled: l.ordered })) })) };
    expect(buildReport(shipped).exceptions.unmapped).toEqual({ lines: 0, units: 0 });
    expect(buildReport(shipped).lines.unmapped).toBe(1);
    expect(r.backordered.units).toEqual({ backordered: 3, total: 4, percent: 75 });
    expect(r.backorderDays).toEqual({ released: 1, median: 2, p90: 2, stillOnHold: 1 });
    expect(r.purchaseOrders).toMatchObject({ total: 1, failed: 1, delivered: 0, byTransport: [{ key: "sftp", count: 1 }] });
    expect(r.exceptions.quarantine.top).toEqual([{ key: "X.Y", count: 1 }]);
    expect(r.vendorLeadTimes).toEqual([{ vendor: "v", orders: 1, promisedAvgDays: 3, actualAvgDays: null, lateCount: 0 }]);
  });

  it("renders every section as text", () => {
    const text = renderReport(buildReport(data));
    for (const s of ["Orders per channel", "Holds", "Purchase orders", "Exceptions", "Vendor lead time"]) expect(text).toContain(s);
    expect(text).toContain("75% of units");
  });

  it("shows the busiest vendors on a terminal, one line each, and says how many more there are", () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ vendor: `v${String(i).padStart(2, "0")}`, state: i % 2 ? "issued" : "received", count: i === 7 ? 5 : 1 }));
    const r = buildReport(data);
    const text = renderReport({ ...r, purchaseOrders: { ...r.purchaseOrders, byVendorState: [...many, { vendor: "v07", state: "received", count: 2 }] } });
    const lines = text.split("\n");
    expect(lines).toContain("  per state: received 12, issued 14");
    expect(lines).toContain("  v07: issued 5, received 2");
    expect(lines.indexOf("  v07: issued 5, received 2")).toBeLessThan(lines.indexOf("  v00: received 1"));
    expect(lines.filter((l) => /^ {2}v\d\d: /.test(l))).toHaveLength(12);
    expect(lines).toContain("  … and 8 more vendor(s) (report --json lists all)");
  });

  it("regression: channel, vendor and quarantine codes from data reached the terminal with their control characters; now escaped", () => {
    const esc = "\u001b]0;owned\u0007\r";
    const hostile: ReportData = {
      ...data,
      orders: data.orders.map((o) => ({ ...o, channel: `s${esc}` })),
      purchaseOrders: data.purchaseOrders.map((p) => ({ ...p, vendor: `v${esc}` })),
      quarantine: [{ channel: "s", source: "sync", reason: `X\u001b[2J.Y: z` }],
    };
    const text = renderReport(buildReport(hostile));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain("s\\x1b]0;owned\\x07\\r: 2 orders");
    expect(text).toContain("v\\x1b]0;owned\\x07\\r: issued 1");
    expect(text).toContain("X\\x1b[2J.Y ×1");
  });
});
