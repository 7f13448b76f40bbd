import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleOrder, waitFor } from "../../support/pipeline-env.js";
import { startWorkerWorld, type WorkerWorld } from "../../support/worker-world.js";

/**
 * Regression: `backorder stock import` set on-hand levels but told no waiting order, so an order on
 * hold for a SKU stayed on hold after a stock count raised that SKU, until some receipt happened.
 */
describe("a stock count that raises on-hand", () => {
  let world: WorkerWorld;
  let service: WorkerWorld["service"];
  let shopify: WorkerWorld["shopify"];

  beforeAll(async () => {
    // Four evaluations at a time: looks for freed stock must still go oldest first.
    world = await startWorkerWorld({ concurrency: { "orders.evaluate": 4 } });
    ({ service, shopify } = world);
    await service.deps.offers.upsertMany([
      { sku: "CUP-B", vendor: "acme", vendorSku: "AC-CUP-B", unitCost: 300, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 5, preferred: false, dropship: false },
    ]);
  }, 60_000);

  afterAll(async () => world?.stop());

  const stockImport = (rows: string[]) => world.csvImport<{ imported: number; ordersReevaluated: number }>("stock", "sku,location,on_hand", rows);
  const evaluation = (externalId: string) => service.deps.evaluations.get(`shop-test:${externalId}`);

  it("releases waiting orders oldest first, one look after another, as far as the count covers", async () => {
    const orders = [
      sampleOrder(1, [{ sku: "CUP-B", qty: 2 }], "2026-11-20T08:00:00.000Z"),
      sampleOrder(2, [{ sku: "CUP-B", qty: 3 }], "2026-11-20T09:00:00.000Z"),
      sampleOrder(3, [{ sku: "CUP-B", qty: 1 }], "2026-11-20T10:00:00.000Z"),
    ];
    for (const order of orders) {
      shopify.addOrder(order);
      const { version } = await service.deps.orders.upsertOrder(order);
      await service.deps.next.evaluate({ channel: order.channel, externalId: order.externalId, version });
    }
    const ids = ["9001", "9002", "9003"];
    await waitFor("all three orders on hold", async () => {
      const evs = await Promise.all(ids.map(evaluation));
      return evs.every((e) => e?.onHold && !e.pending) ? evs : null;
    }, 60_000);
    await waitFor("the holds placed on the channel", async () => ids.every((id) => shopify.isOnHold(id)), 60_000);

    // Another SKU's count, and one that lowers nothing for CUP-B, wake no one.
    expect(await stockImport(["OTHER-1,main,9", "CUP-B,main,0"])).toMatchObject({ imported: 2, ordersReevaluated: 0 });
    // 2 units: the oldest order takes them; with four evaluations at a time the newer ones (which
    // a partial policy would let take units) are not looked at before it, nor after: nothing is left.
    expect(await stockImport(["CUP-B,main,2"])).toMatchObject({ imported: 1, ordersReevaluated: 1 });
    const first = await waitFor("the oldest order released", async () => {
      const e = await evaluation("9001");
      return e && !e.onHold && !e.pending ? e : null;
    }, 60_000);
    expect(first.lines[0]).toMatchObject({ sku: "CUP-B", allocated: 2, shortfall: 0 });
    await waitFor("its hold released on the channel", async () => !shopify.isOnHold("9001"), 60_000);
    await new Promise((r) => setTimeout(r, 1_500));
    for (const id of ["9002", "9003"]) expect(await evaluation(id)).toMatchObject({ onHold: true, seq: 1 });

    // 6 units (4 more): the next order takes 3, and as 1 is still free the one after it is looked at.
    expect(await stockImport(["CUP-B,main,6"])).toMatchObject({ imported: 1, ordersReevaluated: 1 });
    const rest = await waitFor("the two newer orders released", async () => {
      const evs = await Promise.all(["9002", "9003"].map(evaluation));
      return evs.every((e) => e && !e.onHold && !e.pending) ? evs : null;
    }, 60_000);
    expect(rest.map((e) => e?.lines[0]?.allocated)).toEqual([3, 1]);
    expect((await service.deps.stock.levels([{ sku: "CUP-B", location: "main" }]))[0]).toMatchObject({ onHand: 6, committed: 6 });
  }, 180_000);
});
