import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { startHttpSupplierPeer, type HttpSupplierPeer } from "../../../src/emulators/supplier/http-supplier.peer.js";
import { Queues, ingestQueue } from "../../../src/jobs/queue-names.js";
import { startService, type Service } from "../../../src/main.js";
import { supplierEventId } from "../../../src/persistence/pipeline/supplier-event.repository.js";
import { pipelineEnv, sampleOrder, waitFor } from "../../support/pipeline-env.js";

/**
 * An evaluation recorded its intent (it serves a tee from new stock) and its worker died before
 * applying it. A receipt for the same order's mugs arrives first: it must let that evaluation
 * finish rather than write the order over it, or the tee's allocation is lost for good.
 */
describe("a receipt for an order whose evaluation is unfinished", () => {
  let shopify: Awaited<ReturnType<typeof startShopifyEmulator>>;
  let supplier: HttpSupplierPeer;
  let service: Service;
  const KEY = "shop-test:9001";

  beforeAll(async () => {
    shopify = await startShopifyEmulator({ port: 0, orders: [sampleOrder(1, [{ sku: "MUG-RED", qty: 3 }, { sku: "TEE-L", qty: 1 }], "2026-11-01T10:00:00.000Z")], accessToken: "shpat_emulator" });
    supplier = await startHttpSupplierPeer({ port: 0, signingSecret: "peer-secret" });
    const { dir, env } = pipelineEnv({ shopifyUrl: shopify.url, supplierUrl: supplier.url });
    service = await startService({ roles: ["worker", "server"], configDir: dir, env, port: 0 });
    await service.deps.offers.upsertMany(
      ["MUG-RED", "TEE-L"].map((sku) => ({ sku, vendor: "acme", vendorSku: `AC-${sku}`, unitCost: 250, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 5, preferred: false, dropship: false })),
    );
  }, 60_000);

  afterAll(async () => {
    await service?.conn.dropDatabase().catch(() => undefined);
    await service?.stop();
    await supplier?.close();
    await shopify?.close();
  });

  it("finishes the evaluation first, then grants the received units", async () => {
    await service.runtime.queue(ingestQueue("shop-test")).add("poll", { kind: "poll", channel: "shop-test" }, { jobId: "poll-1" });
    const ev = await waitFor("the order evaluated", async () => {
      const e = await service.deps.evaluations.get(KEY);
      return e && !e.pending ? e : null;
    });
    expect(ev.lines.map((l) => l.shortfall)).toEqual([3, 1]);
    await service.runtime.queue(Queues.batch).add("batch", { vendor: "acme", windowStart: new Date().toISOString(), trigger: "manual" }, { jobId: "w1" });
    const [po] = await waitFor("the PO sent", async () => {
      const pos = await service.deps.purchaseOrders.list();
      return pos[0]?.delivery.state === "sent" ? pos : null;
    });

    // A tee turns up in stock and an evaluation starts serving it, then dies after its intent.
    await service.deps.stock.setOnHand("TEE-L", "main", 1);
    const { pending: _none, ...base } = ev;
    const tee = { ...ev.lines[1]!, picks: [{ location: "main", quantity: 1 }], allocated: 1, shortfall: 0 };
    await service.deps.evaluations.recordIntent(KEY, base, {
      seq: ev.seq + 1, version: ev.version, deltas: [{ sku: "TEE-L", location: "main", committed: 1 }],
      lines: [ev.lines[0]!, tee], shortfalls: [{ order: KEY, line: ev.lines[0]!.lineId, sku: "MUG-RED", location: "main", quantity: 3, placedAt: ev.placedAt, priority: 0 }],
      onHold: true, state: "on_hold",
    });

    const event = { kind: "receipt", eventId: "r-mugs", poNumber: po?.poNumber, receivedAt: "2026-12-03", lines: [{ vendorSku: "AC-MUG-RED", quantity: 3 }] };
    expect(await supplier.sendCallback(`${service.server?.url}/callbacks/suppliers/acme`, event, "peer-secret")).toBe(202);
    await waitFor("the receipt applied", async () => (await service.deps.supplierEvents.get(supplierEventId("callback", "acme", "r-mugs")))?.applied, 60_000);

    const after = await service.deps.evaluations.get(KEY);
    expect(after?.pending).toBeUndefined();
    expect(after?.lines.map((l) => [l.sku, l.allocated, l.shortfall])).toEqual([["MUG-RED", 3, 0], ["TEE-L", 1, 0]]);
    expect(after?.onHold).toBe(false);
    const stock = await service.deps.stock.all();
    expect(stock.find((s) => s.sku === "TEE-L")).toMatchObject({ onHand: 1, committed: 1 });
    expect(stock.find((s) => s.sku === "MUG-RED")).toMatchObject({ onHand: 3, committed: 3 });
  });
});
