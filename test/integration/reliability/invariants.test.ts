import { describe, expect, it } from "vitest";
import {
  backordersCoveredOnce,
  checkInvariants,
  holdsMatchShortfalls,
  nothingStuck,
  ordersStoredOnce,
  posDeliveredOnce,
  stockBalances,
  type ChaosSnapshot,
} from "../../../scripts/chaos/invariants.js";

/**
 * A consistent end state by hand: MUG has 2 on hand; order A wants 3 (gets 2, 1 short), order B
 * wants 4 (all short); one PO of 6 covers both; 3 mugs arrived and went to A (1) and B (2).
 */
const good = (): ChaosSnapshot => ({
  input: {
    orders: [
      { key: "s:A", lines: [{ lineId: "a1", sku: "MUG", qty: 3 }] },
      { key: "s:B", lines: [{ lineId: "b1", sku: "MUG", qty: 4 }] },
    ],
    initialOnHand: { "MUG@main": 2 },
    purchasable: ["MUG"],
  },
  storedOrderKeys: ["s:A", "s:B"],
  evaluations: [
    { key: "s:A", onHold: false, pending: false, lines: [{ lineId: "a1", sku: "MUG", needed: 3, allocated: 3, shortfall: 0, picks: [{ location: "main", quantity: 3 }] }] },
    { key: "s:B", onHold: true, pending: false, lines: [{ lineId: "b1", sku: "MUG", needed: 4, allocated: 2, shortfall: 2, picks: [{ location: "main", quantity: 2 }] }] },
  ],
  purchaseOrders: [
    {
      poNumber: "PO-1", batchKey: "acme|w1", state: "partially_received", deliveryState: "sent",
      // A's 1 and 2 of B's 4 were served by the receipt: what is left to cover.
      lines: [{ sku: "MUG", quantity: 6, covers: [{ order: "s:B", line: "b1", quantity: 2 }] }],
    },
  ],
  peer: { received: [{ idempotencyKey: "PO-1", poNumber: "PO-1" }], duplicateAttempts: [] },
  receipts: [
    { eventId: "r1", applied: true, onHand: [{ sku: "MUG", location: "main", units: 3 }], grants: [{ order: "s:A", line: "a1", quantity: 1 }, { order: "s:B", line: "b1", quantity: 2 }] },
  ],
  shipped: {},
  stock: [{ sku: "MUG", location: "main", onHand: 5, committed: 5 }],
  queues: [{ name: "po.push", active: 0, waiting: 0, delayed: 0, failed: 0 }],
});

describe("chaos invariants", () => {
  it("hold on a consistent end state", () => {
    expect(checkInvariants(good()).flatMap((r) => r.violations)).toEqual([]);
  });

  it("catch an order stored twice, one never stored and one never evaluated", () => {
    const s = good();
    s.storedOrderKeys = ["s:A", "s:A", "s:X"];
    s.evaluations = s.evaluations.slice(0, 1);
    expect(ordersStoredOnce(s)).toEqual(["order s:A stored 2 times", "order s:B stored 0 times", "order s:B never evaluated", "order s:X stored but not in the input"]);
  });

  it("catch a lost backorder line, a doubly covered line and two POs for one batch key", () => {
    const lost = good();
    lost.purchaseOrders[0]!.lines[0]!.covers = [];
    expect(backordersCoveredOnce(lost)).toEqual(["s:B#b1: 2 short but only 0 unreceived units on POs"]);
    const twice = good();
    twice.purchaseOrders.push({ ...twice.purchaseOrders[0]!, poNumber: "PO-2" });
    const v = backordersCoveredOnce(twice);
    expect(v).toContain("MUG: 7 units bought on POs, more than the 5 short (7 ordered, 2 on hand)");
    expect(v).toContain("s:B#b1: 6 units bought on POs for a line that needs 4");
    expect(v).toContain("batch key acme|w1 has 2 POs");
    const dupCover = good();
    dupCover.purchaseOrders[0]!.lines[0]!.covers.push({ order: "s:B", line: "b1", quantity: 0 });
    expect(backordersCoveredOnce(dupCover)).toEqual(["PO-1 line MUG covers s:B#b1 2 times"]);
  });

  it("catch a PO delivered twice, a PO never delivered and a delivery of an unknown PO", () => {
    const twice = good();
    twice.peer.received.push({ idempotencyKey: "PO-1-retry", poNumber: "PO-1" });
    expect(posDeliveredOnce(twice)).toEqual(["PO-1 reached the supplier 2 times"]);
    const never = good();
    never.peer.received = [{ idempotencyKey: "PO-9", poNumber: "PO-9" }];
    never.purchaseOrders[0]!.deliveryState = "sending";
    expect(posDeliveredOnce(never)).toEqual(["PO-1 reached the supplier 0 times", "PO-1 delivery state is sending, not sent", "supplier holds PO-9, which is no PO of ours"]);
  });

  it("catch on hand and committed that do not add up", () => {
    const s = good();
    s.stock = [{ sku: "MUG", location: "main", onHand: 8, committed: 6 }];
    expect(stockBalances(s)).toEqual(["MUG@main: on hand 8, expected 5", "MUG@main: committed 6, allocations add up to 5"]);
    const picks = good();
    picks.evaluations[1]!.lines[0]!.allocated = 3;
    expect(stockBalances(picks)).toEqual(["s:B#b1: allocated 3 but picks add up to 2", "s:B#b1: allocated 3 + short 2 exceeds needed 4"]);
  });

  it("catch an order held for nothing and one released while short", () => {
    const s = good();
    s.evaluations[0]!.onHold = true;
    s.evaluations[1]!.onHold = false;
    expect(holdsMatchShortfalls(s)).toEqual(["s:A is on hold although every line is allocated", "s:B is released although a line is short"]);
  });

  it("catch jobs left behind, a pending evaluation and an unapplied supplier event", () => {
    const s = good();
    s.queues = [{ name: "po.push", active: 1, waiting: 0, delayed: 0, failed: 2 }];
    s.evaluations[0]!.pending = true;
    s.receipts[0]!.applied = false;
    expect(nothingStuck(s)).toEqual(["queue po.push: 1 active job(s)", "queue po.push: 2 failed job(s)", "evaluation of s:A left pending", "supplier event r1 never applied"]);
  });
});
