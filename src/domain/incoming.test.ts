import { describe, expect, it } from "vitest";
import { po, poLine } from "../../test/unit/domain/builders.js";
import type { Shortfall } from "./allocation.js";
import { coverFromIncoming, uncommittedIncoming } from "./incoming.js";

const short = (order: string, quantity: number, sku = "A"): Shortfall => ({ order, line: "L1", sku, location: "main", quantity, placedAt: "2026-01-01T00:00:00Z", priority: 0 });

describe("incoming stock", () => {
  it("counts confirmed, received and promised units", () => {
    expect(uncommittedIncoming(poLine(1, "A", 10, [{ order: "x", line: "L", quantity: 4 }]))).toBe(6);
    expect(uncommittedIncoming(poLine(1, "A", 10, [{ order: "x", line: "L", quantity: 4 }], { confirmedQuantity: 8, receivedQuantity: 3 }))).toBe(1);
  });

  it("covers new shortfalls from uncommitted units before anything is bought", () => {
    const r = coverFromIncoming([short("s:1", 3), short("s:2", 4)], [po("PO-1", [poLine(1, "A", 10, [{ order: "s:0", line: "L1", quantity: 5 }])])]);
    expect(r.assignments).toEqual([
      { poNumber: "PO-1", lineNo: 1, sku: "A", order: "s:1", line: "L1", quantity: 3 },
      { poNumber: "PO-1", lineNo: 1, sku: "A", order: "s:2", line: "L1", quantity: 2 },
    ]);
    expect(r.remaining).toEqual([short("s:2", 2)]);
    expect(r.purchaseOrders[0]?.lines[0]?.surplus).toBe(0);
  });

  it("counts coverage the line already has, so a re-run buys nothing twice", () => {
    const pos = [po("PO-1", [poLine(1, "A", 2, [{ order: "s:1", line: "L1", quantity: 2 }])])];
    const r = coverFromIncoming([short("s:1", 3)], pos);
    expect(r.assignments).toEqual([]);
    expect(r.remaining).toEqual([short("s:1", 1)]);
  });

  it("ignores other SKUs, other warehouses, drop-ship and closed POs", () => {
    const pos = [
      po("PO-1", [poLine(1, "B", 5)]),
      po("PO-2", [poLine(1, "A", 5)], { shipTo: { kind: "warehouse", location: "east" } }),
      po("PO-3", [poLine(1, "A", 5)], { shipTo: { kind: "customer", order: "s:9", address: null } }),
      po("PO-4", [poLine(1, "A", 5)], { state: "cancelled" }),
    ];
    expect(coverFromIncoming([short("s:1", 1)], pos).remaining).toEqual([short("s:1", 1)]);
  });
});
