import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerPool } from "../../../scripts/chaos/worker-pool.js";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { startHttpSupplierPeer, type HttpSupplierPeer } from "../../../src/emulators/supplier/http-supplier.peer.js";
import { batchVendorStep } from "../../../src/jobs/steps/batch-vendor.step.js";
import { applySupplierEventStep } from "../../../src/jobs/steps/apply-supplier-event.step.js";
import { Queues, ingestQueue } from "../../../src/jobs/queue-names.js";
import { startService, type Service } from "../../../src/main.js";
import { supplierEventId } from "../../../src/persistence/pipeline/supplier-event.repository.js";
import { pipelineEnv, sampleOrder, waitFor } from "../../support/pipeline-env.js";

/**
 * A worker dies in the middle of a receipt: the PO's covers are already consumed, the order has not
 * been given the units yet. A batch window closing in that moment must see the line as served by
 * the receipt in flight, not as short with nothing on order, or the same demand is bought twice.
 */
describe("a batch window beside a half-applied receipt", () => {
  let shopify: Awaited<ReturnType<typeof startShopifyEmulator>>;
  let supplier: HttpSupplierPeer;
  let control: Service;
  let pool: ReturnType<typeof createWorkerPool>;
  const crashDir = mkdtempSync(join(tmpdir(), "bo-rcpt-crash-"));

  beforeAll(async () => {
    const orders = [sampleOrder(1, [{ sku: "MUG-RED", qty: 3 }], "2026-11-01T10:00:00.000Z"), sampleOrder(2, [{ sku: "MUG-RED", qty: 2 }], "2026-11-01T11:00:00.000Z")];
    shopify = await startShopifyEmulator({ port: 0, orders, accessToken: "shpat_emulator" });
    supplier = await startHttpSupplierPeer({ port: 0, signingSecret: "peer-secret" });
    const { dir, env } = pipelineEnv({ shopifyUrl: shopify.url, supplierUrl: supplier.url });
    control = await startService({ roles: ["server"], configDir: dir, env, port: 0 });
    await control.deps.offers.upsertMany([{ sku: "MUG-RED", vendor: "acme", vendorSku: "AC-MUG-R", unitCost: 250, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 5, preferred: false, dropship: false }]);
    pool = createWorkerPool({ configDir: dir, env: { ...env, BACKORDER_CRASH_DIR: crashDir, BACKORDER_CRASH_POINTS: "receipt-mid-allocation" }, size: 1 });
    pool.setRestartDelay(() => 600_000); // the dead worker stays dead until the test has looked
    pool.start();
  }, 60_000);

  afterAll(async () => {
    await pool?.stop();
    await control?.conn.dropDatabase().catch(() => undefined);
    await control?.stop();
    await supplier?.close();
    await shopify?.close();
  });

  it("buys nothing again, and the retried receipt serves the order", async () => {
    await control.runtime.queue(ingestQueue("shop-test")).add("poll", { kind: "poll", channel: "shop-test" }, { jobId: "poll-1" });
    await waitFor("both orders evaluated", async () => {
      const evs = await control.deps.evaluations.list();
      return evs.length === 2 && evs.every((e) => !e.pending);
    }, 60_000);
    await control.runtime.queue(Queues.batch).add("batch", { vendor: "acme", windowStart: new Date().toISOString(), trigger: "manual" }, { jobId: "w1" });
    const [po] = await waitFor("the PO sent", async () => {
      const pos = await control.deps.purchaseOrders.list();
      return pos.length === 1 && pos[0]?.delivery.state === "sent" ? pos : null;
    }, 60_000);
    expect(po?.lines[0]?.quantity).toBe(5);

    // The first 3 mugs arrive; the worker applying them dies between the PO and the order.
    const event = { kind: "receipt", eventId: "r-1", poNumber: po?.poNumber, receivedAt: "2026-12-03", lines: [{ vendorSku: "AC-MUG-R", quantity: 3 }] };
    expect(await supplier.sendCallback(`${control.server?.url}/callbacks/suppliers/acme`, event, "peer-secret")).toBe(202);
    await waitFor("the worker killed mid-receipt", async () => existsSync(join(crashDir, "receipt-mid-allocation.fired")) && pool.stats.diedOnTheirOwn === 1, 60_000);
    const id = supplierEventId("callback", "acme", "r-1");
    const half = await control.deps.purchaseOrders.get(po?.poNumber ?? "");
    expect(half?.lines[0]?.covers).toEqual([{ order: "shop-test:9002", line: "201", quantity: 2 }]);
    expect((await control.deps.evaluations.get("shop-test:9001"))?.lines[0]?.shortfall).toBe(3);
    expect((await control.deps.supplierEvents.get(id))?.applied).toBe(false);

    // A window closes now (PO numbers are per minute of the cut-off: a later minute, so it could
    // buy): order 9001's 3 units are on their way to it, order 9002's 2 are covered.
    const outcome = await batchVendorStep(control.deps, "acme", new Date(Date.now() + 120_000).toISOString());
    expect(outcome.created).toEqual([]);
    expect(await control.deps.purchaseOrders.list()).toHaveLength(1);
    expect((await control.deps.purchaseOrders.get(po?.poNumber ?? ""))?.lines[0]?.covers).toEqual([{ order: "shop-test:9002", line: "201", quantity: 2 }]);

    // The retry (here in-process) finishes the receipt; a later window still buys nothing.
    expect(await applySupplierEventStep(control.deps, id)).toBe("applied");
    const served = await control.deps.evaluations.get("shop-test:9001");
    expect(served?.lines[0]).toMatchObject({ allocated: 3, shortfall: 0 });
    expect(served?.onHold).toBe(false);
    expect((await control.deps.stock.all()).find((s) => s.sku === "MUG-RED")).toMatchObject({ onHand: 3, committed: 3 });
    expect((await batchVendorStep(control.deps, "acme", new Date(Date.now() + 240_000).toISOString())).created).toEqual([]);
    expect(supplier.received()).toHaveLength(1);
  });
});
