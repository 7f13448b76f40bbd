import { describe, expect, it } from "vitest";
import { po, poLine } from "../../test/unit/domain/builders.js";
import { IllegalTransitionError } from "./errors.js";
import { allocateReceived, applyReceipt } from "./receiving.js";

const covers = [
  { order: "s:new", line: "L1", quantity: 2 },
  { order: "s:old", line: "L1", quantity: 2 },
];
const rank = (o: string) => ({ order: o, priority: 0, placedAt: o === "s:old" ? "2026-01-01T00:00:00Z" : "2026-01-05T00:00:00Z" });

describe("applyReceipt", () => {
  it("gives a partial receipt to the oldest waiting line first", () => {
    const r = applyReceipt(po("PO-1", [poLine(1, "A", 5, covers)]), [{ lineNo: 1, quantity: 3 }], rank);
    expect(r.allocations).toEqual([
      { order: "s:old", line: "L1", sku: "A", location: "main", quantity: 2 },
      { order: "s:new", line: "L1", sku: "A", location: "main", quantity: 1 },
    ]);
    expect(r.purchaseOrder.state).toBe("partially_received");
    expect(r.purchaseOrder.lines[0]?.covers).toEqual([{ order: "s:new", line: "L1", quantity: 1 }]);
    expect(r.stockDeltas).toEqual([{ sku: "A", location: "main", onHand: 3, committed: 3 }]);
    expect(r.toAvailable).toEqual([]);
  });

  it("sends surplus to available stock and marks the PO received", () => {
    const first = applyReceipt(po("PO-1", [poLine(1, "A", 5, covers)]), [{ lineNo: 1, quantity: 3 }], rank);
    const second = applyReceipt(first.purchaseOrder, [{ lineNo: 1, quantity: 2 }], rank);
    expect(second.allocations).toEqual([{ order: "s:new", line: "L1", sku: "A", location: "main", quantity: 1 }]);
    expect(second.toAvailable).toEqual([{ sku: "A", location: "main", quantity: 1 }]);
    expect(second.stockDeltas).toEqual([{ sku: "A", location: "main", onHand: 2, committed: 1 }]);
    expect(second.purchaseOrder.state).toBe("received");
  });

  it("refuses receipts on a draft or cancelled PO with a typed error", () => {
    expect(() => applyReceipt(po("PO-1", [], { state: "draft" }), [])).toThrow(IllegalTransitionError);
    expect(() => applyReceipt(po("PO-1", [], { state: "cancelled" }), [])).toThrow(/from cancelled to partially_received/);
  });
});

describe("allocateReceived", () => {
  const lines = [
    { lineId: "L1", sku: "A", kind: "stock" as const, needed: 3, picks: [{ location: "main", quantity: 1 }], allocated: 1, shortfall: 2 },
    { lineId: "L2", sku: "B", kind: "stock" as const, needed: 1, picks: [], allocated: 0, shortfall: 1 },
  ];
  it("releases the hold once every line is allocated", () => {
    const a = allocateReceived("s:1", lines, [{ order: "s:1", line: "L1", sku: "A", location: "main", quantity: 2 }]);
    expect(a.onHold).toBe(true);
    expect(a.lines[0]).toMatchObject({ allocated: 3, shortfall: 0, picks: [{ location: "main", quantity: 3 }] });
    const b = allocateReceived("s:1", a.lines, [{ order: "s:1", line: "L2", sku: "B", location: "main", quantity: 1 }]);
    expect(b.onHold).toBe(false);
  });
  it("returns units beyond the line's shortfall to available", () => {
    const r = allocateReceived("s:1", lines, [{ order: "s:1", line: "L2", sku: "B", location: "main", quantity: 3 }]);
    expect(r.deltas).toEqual([{ sku: "B", location: "main", committed: -2 }]);
    expect(r.lines[1]?.allocated).toBe(1);
  });
});
