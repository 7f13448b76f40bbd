import { describe, expect, it } from "vitest";
import { offer, vendor } from "../../test/unit/domain/builders.js";
import type { BackorderLine } from "./batching.js";
import { planPurchaseOrders } from "./batching.js";

const window = { start: "2026-03-02T14:00:00.000Z", cutoff: "2026-03-02T14:00:00.000Z" };
const bl = (order: string, sku: string, quantity: number, extra: Partial<BackorderLine> = {}): BackorderLine => ({
  order,
  line: "L1",
  sku,
  quantity,
  location: "main",
  placedAt: "2026-03-01T00:00:00Z",
  priority: 0,
  recordedAt: "2026-03-02T10:00:00Z",
  ...extra,
});

describe("planPurchaseOrders", () => {
  it("merges one SKU from many orders into one line that remembers every order, oldest first", () => {
    const r = planPurchaseOrders({
      vendor: vendor("acme"),
      window,
      lines: [bl("s:2", "A", 3, { placedAt: "2026-03-01T05:00:00Z" }), bl("s:1", "A", 2), bl("s:1", "B", 1, { line: "L2" })],
      offers: [offer("A", "acme", { casePack: 6 }), offer("B", "acme")],
    });
    expect(r.purchaseOrders).toHaveLength(1);
    const po = r.purchaseOrders[0];
    expect(po?.poNumber).toMatch(/^PO2603021400-[0-9A-Z]{9}$/);
    expect(po).toMatchObject({ batchKey: "acme@2026-03-02T14:00:00.000Z", state: "draft", shipTo: { kind: "warehouse", location: "main" } });
    expect(po?.lines.map((l) => [l.lineNo, l.sku, l.quantity, l.surplus])).toEqual([[1, "A", 6, 1], [2, "B", 1, 0]]);
    expect(po?.lines[0]?.covers).toEqual([{ order: "s:1", line: "L1", quantity: 2 }, { order: "s:2", line: "L1", quantity: 3 }]);
  });

  it("defers lines recorded after the cut-off to the next window", () => {
    const r = planPurchaseOrders({ vendor: vendor("acme"), window, lines: [bl("s:1", "A", 1, { recordedAt: "2026-03-02T14:00:01Z" })], offers: [offer("A", "acme")] });
    expect(r.purchaseOrders).toEqual([]);
    expect(r.deferred).toEqual([{ order: "s:1", line: "L1", sku: "A", quantity: 1, reason: "AFTER_CUTOFF" }]);
  });

  it("holds a PO below the minimum order value until a line has waited longer than maxWaitDays", () => {
    const input = { vendor: vendor("acme", { minOrderValue: 1000 }), window, lines: [bl("s:1", "A", 2)], offers: [offer("A", "acme", { unitCost: 300 })] };
    const young = planPurchaseOrders(input);
    expect(young.purchaseOrders).toEqual([]);
    expect(young.deferred[0]?.reason).toBe("BELOW_MIN_ORDER_VALUE");
    const old = planPurchaseOrders({ ...input, lines: [bl("s:1", "A", 2, { recordedAt: "2026-02-20T00:00:00Z" })] });
    expect(old.purchaseOrders).toHaveLength(1);
    const atMinimum = planPurchaseOrders({ ...input, offers: [offer("A", "acme", { unitCost: 500 })] });
    expect(atMinimum.purchaseOrders).toHaveLength(1);
  });

  it("puts drop-ship lines on their own PO per customer order, with the customer ship-to", () => {
    const address = { line1: "1 Test Street", city: "Faketown", postalCode: "1", country: "US" };
    const r = planPurchaseOrders({
      vendor: vendor("furnico", { dropship: true }),
      window,
      lines: [bl("s:7", "SOFA", 1, { dropshipTo: { address } }), bl("s:8", "LAMP", 1)],
      offers: [offer("SOFA", "furnico", { dropship: true }), offer("LAMP", "furnico")],
    });
    expect(r.purchaseOrders.map((p) => [p.shipTo.kind, p.lines.map((l) => l.sku)])).toEqual([["customer", ["SOFA"]], ["warehouse", ["LAMP"]]]);
    expect(r.purchaseOrders[0]?.shipTo).toEqual({ kind: "customer", order: "s:7", address });
    expect(r.purchaseOrders[0]?.batchKey).toBe("furnico@2026-03-02T14:00:00.000Z/to:s:7");
    expect(r.purchaseOrders[0]?.poNumber).not.toBe(r.purchaseOrders[1]?.poNumber);
  });

  it("reports lines without an offer or in another currency as exceptions", () => {
    const r = planPurchaseOrders({ vendor: vendor("acme"), window, lines: [bl("s:1", "X", 1), bl("s:2", "E", 1)], offers: [offer("E", "acme", { currency: "EUR" })] });
    expect(r.exceptions.map((e) => e.code)).toEqual(["CATALOG.NO_OFFER", "CATALOG.CURRENCY_MISMATCH"]);
  });

  it("is deterministic: the same inputs give the same POs", () => {
    const input = { vendor: vendor("acme", { maxLinesPerPo: 2 }), window, lines: ["C", "A", "B"].map((s) => bl("s:1", s, 1, { line: s })), offers: ["A", "B", "C"].map((s) => offer(s, "acme")) };
    const a = planPurchaseOrders(input);
    const b = planPurchaseOrders({ ...input, lines: [...input.lines].reverse() });
    expect(b).toEqual(a);
    expect(a.purchaseOrders.map((p) => [p.batchKey, p.lines.map((l) => l.sku)])).toEqual([
      ["acme@2026-03-02T14:00:00.000Z", ["A", "B"]],
      ["acme@2026-03-02T14:00:00.000Z#2", ["C"]],
    ]);
    expect(new Set(a.purchaseOrders.map((p) => p.poNumber)).size).toBe(2);
  });
});
