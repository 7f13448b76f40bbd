import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { startHttpSupplierPeer, type HttpSupplierPeer } from "../../../src/emulators/supplier/http-supplier.peer.js";
import { startService, type Service } from "../../../src/main.js";
import { pipelineEnv, sampleOrder, waitFor } from "../../support/pipeline-env.js";

const run = promisify(execFile);

/**
 * Regression: `backorder stock import` set on-hand levels but told no waiting order, so an order on
 * hold for a SKU stayed on hold after a stock count raised that SKU, until some receipt happened.
 */
describe("a stock count that raises on-hand", () => {
  let shopify: Awaited<ReturnType<typeof startShopifyEmulator>>;
  let supplier: HttpSupplierPeer;
  let service: Service;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    shopify = await startShopifyEmulator({ port: 0, orders: [], accessToken: "shpat_emulator" });
    supplier = await startHttpSupplierPeer({ port: 0, signingSecret: "peer-secret" });
    // One evaluation at a time: requeueWaiting queues oldest first, but two workers would race for
    // the SKU and the newer order could take the units (true of every requeueWaiting trigger).
    ({ dir, env } = pipelineEnv({ shopifyUrl: shopify.url, supplierUrl: supplier.url, concurrency: { "orders.evaluate": 1 } }));
    service = await startService({ roles: ["worker"], configDir: dir, env });
    await service.deps.offers.upsertMany([
      { sku: "CUP-B", vendor: "acme", vendorSku: "AC-CUP-B", unitCost: 300, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 5, preferred: false, dropship: false },
    ]);
  }, 60_000);

  afterAll(async () => {
    await service?.conn.dropDatabase().catch(() => undefined);
    await service?.stop();
    await supplier?.close();
    await shopify?.close();
  });

  const stockImport = async (rows: string[]) => {
    const file = path.join(dir, "stock.csv");
    writeFileSync(file, ["sku,location,on_hand", ...rows].join("\n"));
    const r = await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", "stock", "import", file, "--json", "--config-dir", dir], { env, timeout: 90_000 });
    return JSON.parse(r.stdout) as { imported: number; ordersReevaluated: number };
  };
  const evaluation = (externalId: string) => service.deps.evaluations.get(`shop-test:${externalId}`);

  it("releases the oldest order on hold for the SKU, and only as many as the count covers", async () => {
    const older = sampleOrder(1, [{ sku: "CUP-B", qty: 2 }], "2026-11-20T08:00:00.000Z");
    const newer = sampleOrder(2, [{ sku: "CUP-B", qty: 3 }], "2026-11-20T09:00:00.000Z");
    for (const order of [older, newer]) {
      shopify.addOrder(order);
      const { version } = await service.deps.orders.upsertOrder(order);
      await service.deps.next.evaluate({ channel: order.channel, externalId: order.externalId, version });
    }
    await waitFor("both orders on hold", async () => {
      const evs = await Promise.all([evaluation("9001"), evaluation("9002")]);
      return evs.every((e) => e?.onHold && !e.pending) ? evs : null;
    }, 60_000);
    await waitFor("both holds placed on the channel", async () => shopify.isOnHold("9001") && shopify.isOnHold("9002"), 60_000);

    // Another SKU's count, and one that lowers nothing for CUP-B, wake no one.
    expect(await stockImport(["OTHER-1,main,9", "CUP-B,main,0"])).toMatchObject({ imported: 2, ordersReevaluated: 0 });
    expect(await stockImport(["CUP-B,main,2"])).toMatchObject({ imported: 1, ordersReevaluated: 2 });

    const released = await waitFor("the older order released", async () => {
      const e = await evaluation("9001");
      return e && !e.onHold && !e.pending ? e : null;
    }, 60_000);
    expect(released.lines[0]).toMatchObject({ sku: "CUP-B", allocated: 2, shortfall: 0 });
    await waitFor("the older order's hold released on the channel", async () => !shopify.isOnHold("9001"), 60_000);
    const still = await waitFor("the newer order looked at again", async () => {
      const e = await evaluation("9002");
      return e && !e.pending && e.seq > 1 ? e : null;
    }, 60_000);
    expect(still).toMatchObject({ onHold: true });
    expect(shopify.isOnHold("9002")).toBe(true);
    expect(still.lines[0]).toMatchObject({ allocated: 0 });
    expect((await service.deps.stock.levels([{ sku: "CUP-B", location: "main" }]))[0]).toMatchObject({ onHand: 2, committed: 2 });
  }, 180_000);
});
