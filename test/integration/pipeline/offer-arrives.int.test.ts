import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleOrder, waitFor } from "../../support/pipeline-env.js";
import { startWorkerWorld, type WorkerWorld } from "../../support/worker-world.js";

/**
 * An order short of a SKU nobody offers records a "no offer" exception; when the merchant then
 * imports an offer for it (`backorder catalog import`), the order is evaluated again and the line
 * gets the vendor, instead of staying an exception no window ever buys.
 */
describe("an offer imported after the order arrived", () => {
  let world: WorkerWorld;
  let service: WorkerWorld["service"];
  let shopify: WorkerWorld["shopify"];

  beforeAll(async () => {
    world = await startWorkerWorld();
    ({ service, shopify } = world);
  }, 60_000);

  afterAll(async () => world?.stop());

  const lineOf = async (order: string) => (await service.deps.backorders.byIds([{ order, line: "101" }]))[0];

  const importOffers = (rows: string[]) =>
    world.csvImport<{ imported: number; ordersReevaluated: number; skipped: { ref: string; code: string; reason: string }[] }>("catalog", "sku,vendor,vendor_sku,unit_cost,currency,moq,case_pack,lead_time_days,preferred,dropship", rows);

  it("clears the no-offer exception and assigns the vendor; an import of other SKUs queues nothing", async () => {
    const order = sampleOrder(1, [{ sku: "NEW-1", qty: 2 }], "2026-11-20T08:00:00.000Z");
    const key = `${order.channel}:${order.externalId}`;
    shopify.addOrder(order);
    const { version } = await service.deps.orders.upsertOrder(order);
    await service.deps.next.evaluate({ channel: order.channel, externalId: order.externalId, version });
    const before = await waitFor("the no-offer exception", async () => {
      const l = await lineOf(key);
      return l?.exception ? l : null;
    }, 60_000);
    expect(before).toMatchObject({ sku: "NEW-1", quantity: 2, vendor: null, exception: { code: "CATALOG.NO_OFFER" } });

    expect(await importOffers(["OTHER-9,acme,AC-OTHER,1.00,USD,1,1,2,true,false"])).toMatchObject({ imported: 1, ordersReevaluated: 0 });
    expect(await importOffers(["NEW-1,acme,AC-NEW,2.50,USD,1,1,2,true,false"])).toMatchObject({ imported: 1, ordersReevaluated: 1 });
    const after = await waitFor("the line assigned to acme", async () => {
      const l = await lineOf(key);
      return l && !l.exception && l.vendor === "acme" ? l : null;
    }, 60_000);
    expect(after).toMatchObject({ sku: "NEW-1", quantity: 2, vendor: "acme" });
    expect((await service.deps.backorders.openForVendor("acme")).map((l) => l.order)).toEqual([key]);
  }, 180_000);

  it("regression: an offer of a vendor not configured was stored (with a note) and requeued its order; it is skipped and listed", async () => {
    const order = sampleOrder(2, [{ sku: "NEW-2", qty: 1 }], "2026-11-21T08:00:00.000Z");
    const key = `${order.channel}:${order.externalId}`;
    shopify.addOrder(order);
    const { version } = await service.deps.orders.upsertOrder(order);
    await service.deps.next.evaluate({ channel: order.channel, externalId: order.externalId, version });
    await waitFor("the no-offer exception", async () => (await service.deps.backorders.byIds([{ order: key, line: "201" }]))[0]?.exception, 60_000);

    const r = await importOffers(["NEW-2,zeta,Z-NEW,2.50,USD,1,1,2,true,false", "OTHER-8,acme,AC-OTHER8,1.00,USD,1,1,2,true,false"]);
    expect(r).toMatchObject({ imported: 1, ordersReevaluated: 0 });
    expect(r.skipped).toEqual([{ ref: "offers.csv: row 2", code: "OFFER.UNKNOWN_VENDOR", reason: 'NEW-2: vendor "zeta" is not in the configuration (vendors: acme)' }]);
    expect(await service.deps.offers.forSkus(["NEW-2"])).toEqual([]);
    expect((await service.deps.offers.forSkus(["OTHER-8"])).map((o) => o.vendor)).toEqual(["acme"]);
  }, 180_000);
});
