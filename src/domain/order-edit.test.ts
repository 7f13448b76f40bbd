import { describe, expect, it } from "vitest";
import { offer, po, poLine } from "../../test/unit/domain/builders.js";
import { reconcileCoverage } from "./order-edit.js";

const pos = (state: "draft" | "issued") => [
  po("PO-1", [poLine(1, "A", 6, [{ order: "s:1", line: "L1", quantity: 3 }, { order: "s:2", line: "L1", quantity: 2 }])], { state }),
];

describe("reconcileCoverage", () => {
  it("shrinks a draft line to the rounded remaining demand", () => {
    const r = reconcileCoverage({ order: "s:1", shortfalls: [{ line: "L1", quantity: 1 }], purchaseOrders: pos("draft"), offers: [offer("A", "acme", { casePack: 2 })] });
    expect(r.purchaseOrders[0]?.lines[0]).toMatchObject({ quantity: 4, surplus: 1, covers: [{ order: "s:1", line: "L1", quantity: 1 }, { order: "s:2", line: "L1", quantity: 2 }] });
    expect(r.changes).toEqual([{ poNumber: "PO-1", lineNo: 1, order: "s:1", line: "L1", sku: "A", released: 2, action: "shrunk" }]);
  });
  it("leaves an issued PO alone: released units arrive as surplus", () => {
    const r = reconcileCoverage({ order: "s:1", shortfalls: [], purchaseOrders: pos("issued") });
    expect(r.purchaseOrders[0]?.lines[0]).toMatchObject({ quantity: 6, surplus: 4, covers: [{ order: "s:2", line: "L1", quantity: 2 }] });
    expect(r.changes[0]?.action).toBe("over_ordered");
  });
  it("removes a draft line nobody needs any more", () => {
    const only = [po("PO-1", [poLine(1, "A", 3, [{ order: "s:1", line: "L1", quantity: 3 }]), poLine(2, "B", 1)], { state: "draft" })];
    const r = reconcileCoverage({ order: "s:1", shortfalls: [], purchaseOrders: only });
    expect(r.purchaseOrders[0]?.lines.map((l) => l.sku)).toEqual(["B"]);
    expect(r.changes[0]?.action).toBe("removed");
  });
  it("applying the same edit twice equals applying it once", () => {
    const input = { order: "s:1", shortfalls: [{ line: "L1", quantity: 1 }], purchaseOrders: pos("draft") };
    const once = reconcileCoverage(input);
    const twice = reconcileCoverage({ ...input, purchaseOrders: once.purchaseOrders });
    expect(twice.purchaseOrders).toEqual(once.purchaseOrders);
    expect(twice.changes).toEqual([]);
  });
});
