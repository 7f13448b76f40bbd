import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { startHttpSupplierPeer, type HttpSupplierPeer } from "../../../src/emulators/supplier/http-supplier.peer.js";
import { Queues } from "../../../src/jobs/queue-names.js";
import { startService, type Service } from "../../../src/main.js";
import { pipelineEnv, sampleOrder, waitFor } from "../../support/pipeline-env.js";

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.once("error", reject);
  });

/**
 * A Shopify order arrives only as a signed webhook (no poll), is stored, evaluated, batched and
 * pushed to the supplier peer by a separate worker process, with the whole audit trail; the worker
 * then stops on SIGTERM and exits 0.
 */
describe("webhook → evaluate → batch → push, with a worker process", () => {
  let shopify: Awaited<ReturnType<typeof startShopifyEmulator>>;
  let supplier: HttpSupplierPeer;
  let server: Service;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const port = await freePort();
    shopify = await startShopifyEmulator({ port: 0, orders: [], accessToken: "shpat_emulator", webhook: { url: `http://127.0.0.1:${port}/webhooks/shopify/shop-test`, secret: "shop-webhook-secret" } });
    supplier = await startHttpSupplierPeer({ port: 0, signingSecret: "peer-secret" });
    ({ dir, env } = pipelineEnv({ shopifyUrl: shopify.url, supplierUrl: supplier.url }));
    server = await startService({ roles: ["server"], configDir: dir, env, port });
    await server.deps.offers.upsertMany([{ sku: "LAMP-1", vendor: "acme", vendorSku: "AC-LAMP", unitCost: 900, currency: "USD", moq: 1, casePack: 4, leadTimeDays: 3, preferred: true, dropship: false }]);
  }, 60_000);

  afterAll(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
    await supplier?.close();
    await shopify?.close();
  });

  it("delivers the PO once and leaves a complete trail; the worker exits 0 on SIGTERM", async () => {
    const worker = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "start", "--role", "worker", "--config-dir", dir], { env, stdio: "ignore" });
    try {
      shopify.addOrder(sampleOrder(77, [{ sku: "LAMP-1", qty: 3 }], "2026-11-20T08:00:00.000Z"));
      await shopify.drainWebhooks();
      const ev = await waitFor("the webhook order evaluated", async () => {
        const e = await server.deps.evaluations.get("shop-test:9077");
        return e && !e.pending && e.onHold ? e : null;
      }, 60_000).catch(async (err: Error) => {
        throw new Error(`${err.message}; webhooks ${JSON.stringify(shopify.stats().webhooks)}; evaluation ${JSON.stringify(await server.deps.evaluations.get("shop-test:9077"))}; order ${JSON.stringify(await server.deps.orders.listOrders({}))}; quarantine ${JSON.stringify((await server.conn.collection("quarantine").find({}).toArray()).map((q) => q.reason))}`);
      });
      expect(ev.lines[0]).toMatchObject({ needed: 3, allocated: 0, shortfall: 3 });
      await server.runtime.queue(Queues.batch).add("batch", { vendor: "acme", windowStart: new Date().toISOString(), trigger: "manual" });
      const [po] = await waitFor("the PO sent", async () => {
        const pos = await server.deps.purchaseOrders.list();
        return pos[0]?.delivery.state === "sent" ? pos : null;
      }, 60_000);
      expect(po?.lines[0]).toMatchObject({ sku: "LAMP-1", quantity: 4, surplus: 1, covers: [{ order: "shop-test:9077", line: "7701", quantity: 3 }] });
      expect(supplier.received().map((r) => r.idempotencyKey)).toEqual([po?.poNumber]);
      const orderTrail = (await server.deps.events.forRef("shop-test:9077")).map((e) => `${e.what}:${e.to ?? ""}`);
      expect(orderTrail).toContain("state:on_hold");
      const poTrail = (await server.deps.events.forRef(po?.poNumber ?? "")).map((e) => e.what);
      expect(poTrail).toEqual(["created", "state", "delivered"]);
    } finally {
      const exited = new Promise<number | null>((resolve) => worker.once("exit", (code) => resolve(code)));
      worker.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  }, 180_000);
});
