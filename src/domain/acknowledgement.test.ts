import { describe, expect, it } from "vitest";
import { po, poLine } from "../../test/unit/domain/builders.js";
import { applyAcknowledgement } from "./acknowledgement.js";

const covers = [
  { order: "s:1", line: "L1", quantity: 3 },
  { order: "s:2", line: "L1", quantity: 4 },
];

describe("applyAcknowledgement", () => {
  it("eats surplus first, then releases the newest covers as shortfall", () => {
    const r = applyAcknowledgement(po("PO-1", [poLine(1, "A", 10, covers)]), [{ lineNo: 1, confirmedQuantity: 5, expectedAt: "2026-02-01T00:00:00Z" }]);
    expect(r.released).toEqual([{ order: "s:2", line: "L1", sku: "A", quantity: 2 }]);
    expect(r.purchaseOrder.state).toBe("acknowledged");
    expect(r.purchaseOrder.lines[0]).toMatchObject({ confirmedQuantity: 5, surplus: 0, covers: [covers[0], { order: "s:2", line: "L1", quantity: 2 }], expectedAt: "2026-02-01T00:00:00Z" });
  });
  it("releases nothing when the confirmation only eats surplus, and is idempotent", () => {
    const once = applyAcknowledgement(po("PO-1", [poLine(1, "A", 10, covers)]), [{ lineNo: 1, confirmedQuantity: 8 }]);
    expect(once.released).toEqual([]);
    expect(once.purchaseOrder.lines[0]?.surplus).toBe(1);
    const twice = applyAcknowledgement(once.purchaseOrder, [{ lineNo: 1, confirmedQuantity: 8 }]);
    expect(twice).toEqual({ purchaseOrder: once.purchaseOrder, released: [] });
  });
  it("refuses an acknowledgement for a draft PO", () => {
    expect(() => applyAcknowledgement(po("PO-1", [], { state: "draft" }), [])).toThrow(/from draft to acknowledged/);
  });
});
