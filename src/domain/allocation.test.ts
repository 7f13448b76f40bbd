import { describe, expect, it } from "vitest";
import { line, order, stock } from "../../test/unit/domain/builders.js";
import { evaluateOrder } from "./allocation.js";
import { applyStockDeltas } from "./stock.js";

const at = ["main"];

describe("evaluateOrder", () => {
  it("takes what is available and reports the rest as shortfall", () => {
    const ev = evaluateOrder({ order: order("1", [line("L1", "A", 5)]), stock: [stock("A", 7, 4)], locations: at });
    expect(ev.lines[0]).toMatchObject({ needed: 5, allocated: 3, shortfall: 2 });
    expect(ev.deltas).toEqual([{ sku: "A", location: "main", committed: 3 }]);
    expect(ev.shortfalls).toEqual([{ order: "shop:1", line: "L1", sku: "A", location: "main", quantity: 2, placedAt: "2026-01-01T00:00:00Z", priority: 0 }]);
    expect(ev.onHold).toBe(true);
    expect(ev.shippable).toBe(true);
  });

  it("ship-complete orders are not shippable while any line is short", () => {
    const o = order("1", [line("L1", "A", 1), line("L2", "B", 1)], { policy: "complete" });
    const ev = evaluateOrder({ order: o, stock: [stock("A", 1)], locations: at });
    expect(ev.lines.map((l) => l.allocated)).toEqual([1, 0]);
    expect(ev.shippable).toBe(false);
  });

  it("never creates demand for marketplace-fulfilled orders or non-inventory lines", () => {
    const fba = evaluateOrder({ order: order("1", [line("L1", "A", 2)], { fulfilment: "marketplace" }), stock: [], locations: at });
    expect(fba.shortfalls).toEqual([]);
    const gift = evaluateOrder({ order: order("2", [line("L1", "GC", 1, { kind: "gift_card" }), line("L2", null, 1)]), stock: [], locations: at });
    expect(gift.lines.map((l) => l.needed)).toEqual([0, 0]);
    expect(gift.onHold).toBe(false);
  });

  it("re-evaluating an unchanged order changes nothing", () => {
    const o = order("1", [line("L1", "A", 5)]);
    const first = evaluateOrder({ order: o, stock: [stock("A", 3)], locations: at });
    const after = applyStockDeltas([stock("A", 3)], first.deltas);
    const again = evaluateOrder({ order: o, stock: after, locations: at, previous: first.lines });
    expect(again.deltas).toEqual([]);
    expect(again.lines).toEqual(first.lines);
  });

  it("an edit moves only the difference", () => {
    const o = order("1", [line("L1", "A", 5)]);
    const first = evaluateOrder({ order: o, stock: [stock("A", 10)], locations: at });
    const after = applyStockDeltas([stock("A", 10)], first.deltas);
    const down = evaluateOrder({ order: order("1", [line("L1", "A", 5, { cancelled: 2 })]), stock: after, locations: at, previous: first.lines });
    expect(down.deltas).toEqual([{ sku: "A", location: "main", committed: -2 }]);
    const removed = evaluateOrder({ order: order("1", []), stock: after, locations: at, previous: first.lines });
    expect(removed.deltas).toEqual([{ sku: "A", location: "main", committed: -5 }]);
    const cancelled = evaluateOrder({ order: { ...o, status: "cancelled" }, stock: after, locations: at, previous: first.lines });
    expect(cancelled.deltas).toEqual([{ sku: "A", location: "main", committed: -5 }]);
  });

  it("takes from locations in preference order", () => {
    const ev = evaluateOrder({ order: order("1", [line("L1", "A", 4)]), stock: [stock("A", 1, 0, "east"), stock("A", 5, 0, "west")], locations: ["east", "west"] });
    expect(ev.lines[0]?.picks).toEqual([{ location: "east", quantity: 1 }, { location: "west", quantity: 3 }]);
  });

  it("gives up reserved units that a stock correction removed", () => {
    const prev = [{ lineId: "L1", sku: "A", kind: "stock" as const, needed: 2, picks: [{ location: "main", quantity: 2 }], allocated: 2, shortfall: 0 }];
    const ev = evaluateOrder({ order: order("1", [line("L1", "A", 2)]), stock: [stock("A", 0, 2)], locations: at, previous: prev });
    expect(ev.deltas).toEqual([{ sku: "A", location: "main", committed: -2 }]);
    expect(ev.lines[0]?.shortfall).toBe(2);
  });
});
