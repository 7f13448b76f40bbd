import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LineAllocation } from "../../../src/domain/allocation.js";
import type { OrderLine, SalesOrder } from "../../../src/domain/order.js";
import { createAesGcmAddressCipher, parseAddressKey } from "../../../src/persistence/orders/address-cipher.js";
import { createOrderRepository } from "../../../src/persistence/orders/order.repository.js";
import { createQuarantineRepository } from "../../../src/persistence/orders/quarantine.repository.js";
import { createBackorderRepository } from "../../../src/persistence/pipeline/backorder.repository.js";
import { createEvaluationRepository } from "../../../src/persistence/pipeline/evaluation.repository.js";
import { createEventRepository } from "../../../src/persistence/pipeline/event.repository.js";
import { createOfferRepository } from "../../../src/persistence/pipeline/offer.repository.js";
import { cliWorld } from "./cli-harness.js";
import { seedPo } from "./seed.js";

// `backorder report --json` on a small seeded dataset; every expected figure is worked out here by hand.
let world: Awaited<ReturnType<typeof cliWorld>>;

const line = (lineId: string, sku: string | null, kind: OrderLine["kind"] = "stock"): OrderLine =>
  ({ lineId, sku, title: lineId, ordered: 1, cancelled: 0, fulfilled: 0, kind, flags: sku ? [] : ["UNMAPPED"] });
const order = (channel: string, externalId: string, placedAt: string, lines: OrderLine[]): SalesOrder =>
  ({ channel, externalId, orderNumber: externalId, placedAt, channelUpdatedAt: placedAt, status: "open", fulfilment: "merchant", currency: "USD", shipTo: null, lines });
const alloc = (lineId: string, needed: number, allocated: number, kind: LineAllocation["kind"] = "stock"): LineAllocation =>
  ({ lineId, sku: lineId, kind, needed, picks: [], allocated, shortfall: needed - allocated });

const ORDERS = [
  { o: order("shopify-main", "1", "2026-03-01T10:00:00.000Z", [line("a", "SKU-A"), line("b", "SKU-B")]),
    ev: { lines: [alloc("a", 3, 3), alloc("b", 2, 0)], onHold: true, heldAt: "2026-03-01T10:00:00.000Z" } },
  { o: order("shopify-main", "2", "2026-03-02T10:00:00.000Z", [line("c", "SKU-A"), line("g", "GC", "gift_card")]),
    ev: { lines: [alloc("c", 1, 1), alloc("g", 0, 0, "gift_card")], onHold: false, heldAt: "2026-03-02T00:00:00.000Z", releasedAt: "2026-03-05T00:00:00.000Z" } },
  { o: order("amazon-eu", "3", "2026-03-03T10:00:00.000Z", [line("d", "SKU-D"), line("u", null)]),
    ev: { lines: [alloc("d", 4, 1)], onHold: false, heldAt: "2026-03-03T00:00:00.000Z", releasedAt: "2026-03-13T00:00:00.000Z" } },
];

beforeAll(async () => {
  world = await cliWorld("cli_report");
  const { conn } = world;
  const orders = createOrderRepository(conn, createAesGcmAddressCipher(parseAddressKey(world.addressKey)));
  const evaluations = createEvaluationRepository(conn);
  for (const { o, ev } of ORDERS) {
    await orders.upsertOrder(o);
    const key = `${o.channel}:${o.externalId}`;
    const base = { channel: o.channel, externalId: o.externalId, version: 1, seq: 1, state: ev.onHold ? "on_hold" : "ready", onHold: ev.onHold, holdSeq: 1, syncedHoldSeq: 1,
      heldAt: ev.heldAt, releasedAt: ev.releasedAt, placedAt: o.placedAt, priority: 0, lines: ev.lines, shortfall: 0, updatedAt: o.placedAt } as const;
    await evaluations.recordIntent(key, { _id: key, ...base }, { seq: 1, version: 1, deltas: [], lines: ev.lines, shortfalls: [], onHold: ev.onHold, state: base.state });
    await evaluations.finish(key, {});
  }
  const backorders = createBackorderRepository(conn);
  const bo = { channel: "", location: "main", dropship: false, priority: 0, updatedAt: "2026-03-01T10:00:00.000Z" };
  await backorders.setForOrder("shopify-main:1", [{ ...bo, order: "shopify-main:1", channel: "shopify-main", line: "b", sku: "SKU-B", quantity: 2, vendor: "acme-supplies", placedAt: ORDERS[0]?.o.placedAt as string }], [], "2026-03-01T10:00:00.000Z");
  await backorders.setForOrder("amazon-eu:3", [{ ...bo, order: "amazon-eu:3", channel: "amazon-eu", line: "d", sku: "SKU-D", quantity: 3, vendor: null, placedAt: ORDERS[2]?.o.placedAt as string, exception: { code: "VENDOR.NO_OFFER", reason: "no offer for SKU-D" } }], [], "2026-03-03T10:00:00.000Z");
  await createOfferRepository(conn).upsertMany([
    { sku: "SKU-A", vendor: "acme-supplies", vendorSku: "A", unitCost: 100, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 4, preferred: true, dropship: false },
    { sku: "SKU-B", vendor: "acme-supplies", vendorSku: "B", unitCost: 100, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 6, preferred: true, dropship: false },
  ]);
  await seedPo(conn, world.addressKey, { poNumber: "PO-1", vendor: "acme-supplies", state: "issued", skus: [{ sku: "SKU-B", quantity: 2 }], delivery: { state: "sent", transport: "http", attempts: 1 }, issuedAt: "2026-03-02T14:00:00.000Z" });
  await seedPo(conn, world.addressKey, { poNumber: "PO-2", vendor: "acme-supplies", state: "received", skus: [{ sku: "SKU-A", quantity: 5 }], delivery: { state: "sent", transport: "http", attempts: 1 }, issuedAt: "2026-03-01T00:00:00.000Z" });
  await seedPo(conn, world.addressKey, { poNumber: "PO-3", vendor: "beta-wholesale", state: "issued", skus: [{ sku: "SKU-C", quantity: 1 }], delivery: { state: "failed", transport: "email", attempts: 3 }, issuedAt: "2026-03-03T00:00:00.000Z" });
  await createEventRepository(conn).append([{ id: "ev-po2", at: "2026-03-06T00:00:00.000Z", entity: "po", ref: "PO-2", what: "received", from: "issued", to: "received" }]);
  const quarantine = createQuarantineRepository(conn);
  await quarantine.add({ channel: "shopify-main", source: "import x.csv", ref: "#1", reason: "SHOPIFY_CSV.BAD_VALUE: one", payload: [1] });
  await quarantine.add({ channel: "shopify-main", source: "import x.csv", ref: "#2", reason: "SHOPIFY_CSV.BAD_VALUE: two", payload: [2] });
  await quarantine.add({ channel: "amazon-eu", source: "sync", ref: "X", reason: "AMAZON.SCHEMA: bad", payload: [3] });
});
afterAll(async () => world?.cleanup());

describe("backorder report", () => {
  it("computes the figures of the seeded dataset", async () => {
    const r = await world.cli(["report", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.channels).toEqual([{ channel: "amazon-eu", orders: 1, lines: 2 }, { channel: "shopify-main", orders: 2, lines: 4 }]);
    // Demand lines: a(3), b(2), c(1), d(4) → 10 units, short b 2 + d 3 = 5 units; 2 of 4 lines short.
    expect(rep.backordered.units).toEqual({ backordered: 5, total: 10, percent: 50 });
    expect(rep.backordered.lines).toEqual({ backordered: 2, total: 4, percent: 50 });
    // The gift card is non-inventory; the SKU-less line "u" of open order 3 is unmapped, an exception.
    expect(rep.lines).toEqual({ allocated: 3, backordered: 2, nonInventory: 1, unmapped: 1, unitsAllocated: 5, unitsBackordered: 5 });
    expect(rep.exceptions.unmapped).toEqual({ lines: 1, units: 1 });
    expect(rep.ordersOnHold).toBe(1);
    // Released holds: 3 days and 10 days → median 6.5, p90 (nearest rank of 2) = 10.
    expect(rep.backorderDays).toMatchObject({ released: 2, median: 6.5, p90: 10 });
    expect(rep.purchaseOrders).toMatchObject({ total: 3, delivered: 2, failed: 1, byTransport: [{ key: "http", count: 2 }, { key: "email", count: 1 }] });
    expect(rep.purchaseOrders.byVendorState).toEqual([
      { vendor: "acme-supplies", state: "issued", count: 1 }, { vendor: "acme-supplies", state: "received", count: 1 }, { vendor: "beta-wholesale", state: "issued", count: 1 },
    ]);
    expect(rep.exceptions.noOffer).toEqual({ lines: 1, units: 3, top: [{ key: "VENDOR.NO_OFFER", count: 1 }] });
    expect(rep.exceptions.quarantine).toEqual({ entries: 3, top: [{ key: "SHOPIFY_CSV.BAD_VALUE", count: 2 }, { key: "AMAZON.SCHEMA", count: 1 }] });
    // acme: promised 6 (PO-1, SKU-B) and 4 (PO-2, SKU-A) → 5; PO-2 took 5 days > 4 → late.
    const acme = rep.vendorLeadTimes.find((v: { vendor: string }) => v.vendor === "acme-supplies");
    expect(acme).toEqual({ vendor: "acme-supplies", orders: 2, promisedAvgDays: 5, actualAvgDays: 5, lateCount: 1 });
  }, 120_000);

  it("--since keeps orders placed from then, and a bad --since exits 2", async () => {
    const r = await world.cli(["report", "--json", "--since", "2026-03-02T00:00:00Z"]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.channels).toEqual([{ channel: "amazon-eu", orders: 1, lines: 2 }, { channel: "shopify-main", orders: 1, lines: 2 }]);
    expect(rep.ordersOnHold).toBe(0);
    const bad = await world.cli(["report", "--since", "last week"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--since");
  }, 120_000);
});
