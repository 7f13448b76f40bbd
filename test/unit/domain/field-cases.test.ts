import { describe, expect, it } from "vitest";
import { applyAcknowledgement, applyStockDeltas, coverFromIncoming, evaluateOrder, planBackorders, planPurchaseOrders, reconcileCoverage } from "../../../src/domain/index.js";
import type { BackorderLine, PurchaseOrder } from "../../../src/domain/index.js";
import { line, offer, order, stock, vendor } from "./builders.js";

const main = ["main"];
const NOW = "2026-03-02T14:00:00.000Z";

describe("C14 — coverage comes from live PO links, never a copied counter", () => {
  const plan7004 = () => planBackorders({ orders: [order("7004", [line("L1", "DESK-LAMP", 2)])], stock: [], offers: [offer("DESK-LAMP", "acme")], now: NOW });

  it("a cancelled order's coverage on an issued PO becomes free incoming for the re-created order", () => {
    const issued: PurchaseOrder[] = plan7004().purchaseOrders.map((p) => ({ ...p, state: "issued" }));
    expect(issued[0]?.lines[0]?.covers).toEqual([{ order: "shop:7004", line: "L1", quantity: 2 }]);
    const released = reconcileCoverage({ order: "shop:7004", shortfalls: [], purchaseOrders: issued });
    expect(released.purchaseOrders[0]?.lines[0]).toMatchObject({ quantity: 2, covers: [], surplus: 2 });
    const ev7005 = evaluateOrder({ order: order("7005", [line("L1", "DESK-LAMP", 2)]), stock: [], locations: main });
    expect(ev7005.shortfalls[0]?.quantity).toBe(2);
    const cover = coverFromIncoming(ev7005.shortfalls, released.purchaseOrders);
    expect(cover.remaining).toEqual([]);
    expect(cover.assignments).toEqual([expect.objectContaining({ order: "shop:7005", quantity: 2 })]);
  });

  it("while the PO is a draft the line disappears and 7005 gets a fresh PO line of 2", () => {
    const released = reconcileCoverage({ order: "shop:7004", shortfalls: [], purchaseOrders: plan7004().purchaseOrders });
    expect(released.purchaseOrders[0]?.lines).toEqual([]);
    const plan = planBackorders({ orders: [order("7005", [line("L1", "DESK-LAMP", 2)])], stock: [], offers: [offer("DESK-LAMP", "acme")], openPurchaseOrders: released.purchaseOrders, now: NOW });
    expect(plan.purchaseOrders[0]?.lines[0]).toMatchObject({ quantity: 2, covers: [{ order: "shop:7005", line: "L1", quantity: 2 }] });
  });
});

describe("C15 — one written formula: available = on hand − committed, short when need > available", () => {
  const chair = (committed: number) => evaluateOrder({ order: order("n", [line("L1", "CHAIR-OAK", 1)]), stock: [stock("CHAIR-OAK", 5, committed)], locations: main });
  it("(a) on hand 5, reserved 5, order 1 → shortage 1", () => expect(chair(5).shortfalls[0]?.quantity).toBe(1));
  it("(b) on hand 5, reserved 4, order 1 → shortage 0 (exact boundary)", () => expect(chair(4).shortfalls).toEqual([]));
  it("(c) with the PO line open, a re-run finds shortage 0 and plans no PO; (d) cancelled by the supplier → 1 again", () => {
    const input = { orders: [order("n", [line("L1", "CHAIR-OAK", 1)])], stock: [stock("CHAIR-OAK", 5, 5)], offers: [offer("CHAIR-OAK", "acme")], now: NOW };
    const first = planBackorders(input);
    expect(first.purchaseOrders[0]?.lines[0]?.quantity).toBe(1);
    const open = first.purchaseOrders.map((p): PurchaseOrder => ({ ...p, state: "issued" }));
    const rerun = planBackorders({ ...input, openPurchaseOrders: open });
    expect(rerun.purchaseOrders).toEqual([]);
    expect(rerun.incoming).toEqual([]);
    const ack = applyAcknowledgement(open[0] as PurchaseOrder, [{ lineNo: 1, confirmedQuantity: 0 }]);
    expect(ack.released).toEqual([{ order: "shop:n", line: "L1", sku: "CHAIR-OAK", quantity: 1 }]);
    const after = planBackorders({ ...input, openPurchaseOrders: [ack.purchaseOrder] });
    expect(after.purchaseOrders[0]?.lines[0]?.quantity).toBe(1);
  });
});

describe("C16 — demand follows the post-edit quantity", () => {
  it("a draft PO line shrinks from 2 to 1; an issued one is flagged over-ordered by 1", () => {
    const before = planBackorders({ orders: [order("7006", [line("L1", "BOOK-X", 2)])], stock: [], offers: [offer("BOOK-X", "acme")], now: NOW });
    const edited = order("7006", [line("L1", "BOOK-X", 2, { cancelled: 1 })]);
    const ev = evaluateOrder({ order: edited, stock: [], locations: main, previous: before.orders[0]?.evaluation.lines });
    const shortfalls = ev.shortfalls.map((s) => ({ line: s.line, quantity: s.quantity }));
    expect(shortfalls).toEqual([{ line: "L1", quantity: 1 }]);
    const draft = reconcileCoverage({ order: "shop:7006", shortfalls, purchaseOrders: before.purchaseOrders });
    expect(draft.purchaseOrders[0]?.lines[0]).toMatchObject({ quantity: 1, surplus: 0 });
    const sent = reconcileCoverage({ order: "shop:7006", shortfalls, purchaseOrders: before.purchaseOrders.map((p) => ({ ...p, state: "issued" as const })) });
    expect(sent.purchaseOrders[0]?.lines[0]).toMatchObject({ quantity: 2, surplus: 1 });
    expect(sent.changes).toEqual([expect.objectContaining({ released: 1, action: "over_ordered" })]);
  });
});

describe("C18 — coverage is per order line and quantity; a second PO to the same vendor is fine", () => {
  it("INK-BLK × 5 with 2 in stock → PO-1 × 3; after a stock correction removes the 2, batch 2 orders 2 more for the same line", () => {
    const o = order("7007", [line("L1", "INK-BLK", 5)]);
    const offers = [offer("INK-BLK", "printco")];
    const first = planBackorders({ orders: [o], stock: [stock("INK-BLK", 2)], offers, now: NOW });
    expect(first.purchaseOrders[0]?.lines[0]).toMatchObject({ quantity: 3, covers: [{ order: "shop:7007", line: "L1", quantity: 3 }] });
    const po1 = first.purchaseOrders.map((p): PurchaseOrder => ({ ...p, state: "issued" }));
    const corrected = applyStockDeltas(first.stock, [{ sku: "INK-BLK", location: "main", committed: 0, onHand: -2 }]);
    const ev = evaluateOrder({ order: o, stock: corrected, locations: main, previous: first.orders[0]?.evaluation.lines });
    expect(ev.shortfalls[0]?.quantity).toBe(5);
    const cover = coverFromIncoming(ev.shortfalls, po1);
    expect(cover.remaining[0]?.quantity).toBe(2);
    const batch2 = planPurchaseOrders({
      vendor: vendor("printco"),
      window: { start: "2026-03-03T14:00:00.000Z", cutoff: "2026-03-03T14:00:00.000Z" },
      lines: cover.remaining.map((s): BackorderLine => ({ ...s, recordedAt: "2026-03-03T10:00:00Z" })),
      offers,
    });
    expect(batch2.purchaseOrders[0]?.lines[0]).toMatchObject({ quantity: 2, covers: [{ order: "shop:7007", line: "L1", quantity: 2 }] });
    expect(batch2.purchaseOrders[0]?.poNumber).not.toBe(po1[0]?.poNumber);
  });
});

describe("C19 — drop-ship lines go on their own PO with the customer ship-to; in-stock lines on none", () => {
  it("order 7008: SOFA-GRY drop-shipped to the customer, CUSHION served from stock", () => {
    const address = { line1: "1 Test Street", city: "Faketown", postalCode: "00000", country: "US" };
    const o7008 = order("7008", [line("L1", "SOFA-GRY", 1), line("L2", "CUSHION", 2)], { shipTo: address });
    const other = order("7009", [line("L1", "TABLE", 1)], { placedAt: "2026-01-02T00:00:00Z" });
    const plan = planBackorders({
      orders: [o7008, other],
      stock: [stock("CUSHION", 10)],
      offers: [offer("SOFA-GRY", "furnico", { dropship: true }), offer("CUSHION", "furnico"), offer("TABLE", "furnico")],
      vendors: [vendor("furnico", { dropship: true })],
      now: NOW,
    });
    const [drop, warehouse] = plan.purchaseOrders;
    expect(plan.purchaseOrders).toHaveLength(2);
    expect(drop?.shipTo).toEqual({ kind: "customer", order: "shop:7008", address });
    expect(drop?.lines.map((l) => l.sku)).toEqual(["SOFA-GRY"]);
    expect(warehouse?.shipTo).toEqual({ kind: "warehouse", location: "main" });
    expect(warehouse?.lines.map((l) => l.sku)).toEqual(["TABLE"]);
    expect(plan.purchaseOrders.flatMap((p) => p.lines).some((l) => l.sku === "CUSHION")).toBe(false);
  });
});

describe("C20 — group by vendor + ship-to warehouse, one line per SKU, MOQ on the summed quantity", () => {
  const window = { start: NOW, cutoff: NOW };
  const bl = (order: string, sku: string, quantity: number, location: string): BackorderLine => ({ order, line: "L1", sku, quantity, location, placedAt: "2026-03-01T00:00:00Z", priority: 0, recordedAt: "2026-03-02T00:00:00Z" });
  it("FILTER-1 4@EAST + 3@WEST, FILTER-2 1@EAST, MOQ 10 → two POs with a single FILTER-1 line of 10 each", () => {
    const r = planPurchaseOrders({
      vendor: vendor("aquaparts", { shipToLocation: "wh-east" }),
      window,
      lines: [bl("s:1", "FILTER-1", 4, "wh-east"), bl("s:2", "FILTER-1", 3, "wh-west"), bl("s:3", "FILTER-2", 1, "wh-east")],
      offers: [offer("FILTER-1", "aquaparts", { moq: 10 }), offer("FILTER-2", "aquaparts")],
    });
    expect(r.purchaseOrders.map((p) => [p.shipTo, p.lines.map((l) => [l.sku, l.quantity, l.surplus])])).toEqual([
      [{ kind: "warehouse", location: "wh-east" }, [["FILTER-1", 10, 6], ["FILTER-2", 1, 0]]],
      [{ kind: "warehouse", location: "wh-west" }, [["FILTER-1", 10, 7]]],
    ]);
  });
  it("maxLinesPerPo 50 with 120 eligible lines → 3 POs, the same split on every rerun", () => {
    const lines = Array.from({ length: 120 }, (_, i) => bl(`s:${i}`, `SKU-${String(i).padStart(3, "0")}`, 1, "main"));
    const input = { vendor: vendor("aquaparts", { maxLinesPerPo: 50 }), window, lines, offers: lines.map((l) => offer(l.sku, "aquaparts")) };
    const a = planPurchaseOrders(input);
    expect(a.purchaseOrders.map((p) => p.lines.length)).toEqual([50, 50, 20]);
    expect(new Set(a.purchaseOrders.map((p) => p.batchKey)).size).toBe(3);
    expect(planPurchaseOrders({ ...input, lines: [...lines].reverse() })).toEqual(a);
  });
});
