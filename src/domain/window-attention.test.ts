import { describe, expect, it } from "vitest";
import { po, poLine } from "../../test/unit/domain/builders.js";
import { windowAttention } from "./window-attention.js";

const waiting = (order: string, quantity: number, line = "L1") => ({ order, line, quantity });

describe("what a batch window looks at", () => {
  it("skips lines whose recorded shortfall open POs already cover exactly", () => {
    const pos = [po("PO-1", [poLine(1, "A", 6, [{ order: "s:1", line: "L1", quantity: 2 }, { order: "s:2", line: "L1", quantity: 4 }])])];
    const r = windowAttention([waiting("s:1", 2), waiting("s:2", 4), waiting("s:3", 1)], pos);
    expect(r.lines.map((l) => l.order)).toEqual(["s:3"]);
    expect([...r.orders]).toEqual(["s:3"]);
  });

  it("looks at a line covered less or more than it records, summing covers over POs and PO lines", () => {
    const pos = [
      po("PO-1", [poLine(1, "A", 2, [{ order: "s:1", line: "L1", quantity: 2 }]), poLine(2, "A", 1, [{ order: "s:2", line: "L1", quantity: 1 }])]),
      po("PO-2", [poLine(1, "A", 1, [{ order: "s:1", line: "L1", quantity: 1 }])]),
    ];
    const r = windowAttention([waiting("s:1", 3), waiting("s:2", 4)], pos);
    expect(r.lines.map((l) => l.order)).toEqual(["s:2"]);
    const over = windowAttention([waiting("s:1", 2), waiting("s:2", 1)], pos);
    expect(over.lines.map((l) => l.order)).toEqual(["s:1"]);
  });

  it("names the orders of covers whose line no longer waits (cancelled, served from stock)", () => {
    const pos = [po("PO-1", [poLine(1, "A", 3, [{ order: "s:9", line: "L2", quantity: 3 }])])];
    const r = windowAttention([], pos);
    expect(r.lines).toEqual([]);
    expect([...r.orders]).toEqual(["s:9"]);
  });

  it("ignores covers on POs that are no longer open", () => {
    const pos = [po("PO-1", [poLine(1, "A", 3, [{ order: "s:1", line: "L1", quantity: 3 }])], { state: "received" })];
    const r = windowAttention([waiting("s:1", 3)], pos);
    expect(r.lines.map((l) => l.order)).toEqual(["s:1"]);
  });
});
