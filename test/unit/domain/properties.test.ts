import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyStockDeltas, evaluateOrder, planBackorders, reconcileCoverage } from "../../../src/domain/index.js";
import type { Offer, PlanBackordersInput, SalesOrder, StockLevel } from "../../../src/domain/index.js";
import { line, offer, order, stock } from "./builders.js";

const SKUS = ["A", "B", "C", "D"];
const LOCS = ["main", "east"];
const NOW = "2026-03-02T14:00:00.000Z";

const orderArb = (i: number): fc.Arbitrary<SalesOrder> =>
  fc
    .record({
      lines: fc.uniqueArray(fc.record({ sku: fc.constantFrom(...SKUS), qty: fc.integer({ min: 1, max: 9 }), cancelled: fc.integer({ min: 0, max: 2 }) }), { selector: (l) => l.sku, minLength: 1, maxLength: 4 }),
      day: fc.integer({ min: 1, max: 28 }),
      priority: fc.option(fc.integer({ min: -1, max: 1 }), { nil: undefined }),
      cancelled: fc.boolean(),
    })
    .map((r) =>
      order(
        String(i),
        r.lines.map((l, n) => line(`L${n}`, l.sku, l.qty, { cancelled: Math.min(l.cancelled, l.qty) })),
        { placedAt: `2026-02-${String(r.day).padStart(2, "0")}T00:00:00Z`, priority: r.priority, status: r.cancelled && i % 3 === 0 ? "cancelled" : "open" },
      ),
    );

const stockArb: fc.Arbitrary<StockLevel[]> = fc.array(
  fc.record({ sku: fc.constantFrom(...SKUS), location: fc.constantFrom(...LOCS), onHand: fc.integer({ min: 0, max: 12 }), committedShare: fc.integer({ min: 0, max: 100 }) }),
  { maxLength: 8 },
).map((rows) => {
  const seen = new Map<string, StockLevel>();
  for (const r of rows) seen.set(`${r.sku}@${r.location}`, stock(r.sku, r.onHand, Math.floor((r.onHand * r.committedShare) / 100), r.location));
  return [...seen.values()];
});

const offersArb: fc.Arbitrary<Offer[]> = fc.array(
  fc.record({ sku: fc.constantFrom(...SKUS), vendor: fc.constantFrom("v1", "v2"), cost: fc.integer({ min: 1, max: 500 }), moq: fc.integer({ min: 1, max: 12 }), pack: fc.integer({ min: 1, max: 6 }), lead: fc.integer({ min: 1, max: 30 }) }),
  { maxLength: 8 },
).map((rs) => rs.map((r) => offer(r.sku, r.vendor, { unitCost: r.cost, moq: r.moq, casePack: r.pack, leadTimeDays: r.lead })));

const inputArb: fc.Arbitrary<PlanBackordersInput> = fc
  .tuple(fc.integer({ min: 0, max: 8 }), stockArb, offersArb)
  .chain(([n, s, o]) => fc.tuple(fc.tuple(...Array.from({ length: n }, (_, i) => orderArb(i))), fc.constant(s), fc.constant(o)))
  .map(([orders, s, o]) => ({ orders, stock: s, offers: o, now: NOW, channels: [{ id: "shop", locations: LOCS, policy: "partial" as const, promiseDays: 14, priority: 0 }] }));

describe("domain properties", () => {
  it("committed never exceeds on hand per SKU and location", () => {
    fc.assert(fc.property(inputArb, (input) => {
      for (const s of planBackorders(input).stock) expect(s.committed).toBeLessThanOrEqual(s.onHand);
    }));
  });

  it("every backordered unit is covered by exactly one PO line, or reported as an exception", () => {
    fc.assert(fc.property(inputArb, (input) => {
      const plan = planBackorders(input);
      const covered = new Map<string, number>();
      for (const c of plan.purchaseOrders.flatMap((p) => p.lines.flatMap((l) => l.covers))) covered.set(`${c.order}/${c.line}`, (covered.get(`${c.order}/${c.line}`) ?? 0) + c.quantity);
      for (const a of plan.incoming) covered.set(`${a.order}/${a.line}`, (covered.get(`${a.order}/${a.line}`) ?? 0) + a.quantity);
      const excepted = new Set(plan.exceptions.map((e) => e.ref));
      for (const s of plan.orders.flatMap((p) => p.evaluation.shortfalls)) {
        const ref = `${s.order}/${s.line}`;
        expect(covered.get(ref) ?? 0).toBe(excepted.has(ref) ? 0 : s.quantity);
      }
      for (const l of plan.purchaseOrders.flatMap((p) => p.lines)) expect(l.quantity).toBe(l.covers.reduce((t, c) => t + c.quantity, 0) + l.surplus);
    }));
  });

  it("re-planning the same inputs is identical, whatever order the orders arrive in", () => {
    fc.assert(fc.property(inputArb, fc.integer(), (input, seed) => {
      const shuffled = [...input.orders].sort((a, b) => ((a.externalId.charCodeAt(0) * seed) % 7) - ((b.externalId.charCodeAt(0) * seed) % 7));
      const a = planBackorders(input);
      expect(planBackorders(input)).toEqual(a);
      const b = planBackorders({ ...input, orders: shuffled });
      expect(b.metrics).toEqual(a.metrics);
      expect(b.purchaseOrders).toEqual(a.purchaseOrders);
    }));
  });

  it("applying the same edit twice equals applying it once", () => {
    fc.assert(fc.property(inputArb, fc.integer({ min: 0, max: 3 }), (input, cut) => {
      const plan = planBackorders(input);
      const first = plan.orders[0];
      if (!first) return;
      const edited = { ...first.order, lines: first.order.lines.map((l) => ({ ...l, cancelled: Math.min(l.ordered, l.cancelled + cut) })) };
      const locations = LOCS;
      const once = evaluateOrder({ order: edited, stock: plan.stock, locations, previous: first.evaluation.lines });
      const stockAfter = applyStockDeltas(plan.stock, once.deltas);
      const twice = evaluateOrder({ order: edited, stock: stockAfter, locations, previous: once.lines });
      expect(twice.deltas).toEqual([]);
      expect(twice.lines).toEqual(once.lines);
      const shortfalls = once.shortfalls.map((s) => ({ line: s.line, quantity: s.quantity }));
      const r1 = reconcileCoverage({ order: once.order, shortfalls, purchaseOrders: plan.purchaseOrders, offers: input.offers });
      const r2 = reconcileCoverage({ order: once.order, shortfalls, purchaseOrders: r1.purchaseOrders, offers: input.offers });
      expect(r2.purchaseOrders).toEqual(r1.purchaseOrders);
      expect(r2.changes).toEqual([]);
    }));
  });
});
