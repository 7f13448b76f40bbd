import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { toShopifyRest } from "../../../src/emulators/shopify/shopify-render.js";
import { startHttpSupplierPeer, type HttpSupplierPeer } from "../../../src/emulators/supplier/http-supplier.peer.js";
import { Queues, ingestQueue } from "../../../src/jobs/queue-names.js";
import { startService, type Service } from "../../../src/main.js";
import { freePort } from "../../../scripts/chaos/private-services.js";
import { pipelineEnv, sampleOrder, waitFor } from "../../support/pipeline-env.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const STREETS = ["742 Evergreen Terrace", "31 Spooner Street", "1313 Mockingbird Lane"];

/**
 * A small pipeline run in child processes (server + worker) at LOG_LEVEL=debug: no log line may
 * carry a configured secret or a customer's street address; addresses are sealed at rest in the
 * raw orders documents and the purge task removes them once the retention period has passed.
 */
describe("secrets and personal data", () => {
  let shopify: Awaited<ReturnType<typeof startShopifyEmulator>>;
  let supplier: HttpSupplierPeer;
  let core: Service;
  let child: ChildProcess;
  let logs = "";
  let url = "";
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const orders = STREETS.map((street, i) => ({ ...sampleOrder(i + 1, [{ sku: "MUG-RED", qty: 2 + i }], `2026-11-0${i + 1}T10:00:00.000Z`), shipTo: { name: `Private Person ${i}`, line1: street, city: "Springfield", postalCode: "49007", country: "US" } }));
    shopify = await startShopifyEmulator({ port: 0, orders: orders.slice(0, 2), accessToken: "shpat_emulator_secret_token" });
    supplier = await startHttpSupplierPeer({ port: 0, signingSecret: "peer-signing-secret-value" });
    const p = pipelineEnv({ shopifyUrl: shopify.url, supplierUrl: supplier.url });
    env = { ...p.env, T_SHOP_TOKEN: "shpat_emulator_secret_token", T_SHOP_SECRET: "shop-webhook-secret-value", T_ACME_SECRET: "peer-signing-secret-value", BACKORDER_ADMIN_CREDENTIALS: "ops:admin-password-value-123", LOG_LEVEL: "debug" };
    core = await startService({ roles: [], configDir: p.dir, env: { ...env, LOG_LEVEL: "silent" } });
    await core.deps.offers.upsertMany([{ sku: "MUG-RED", vendor: "acme", vendorSku: "AC-MUG-R", unitCost: 250, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 5, preferred: false, dropship: false }]);
    await core.deps.stock.setOnHand("MUG-RED", "main", 1);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "start", "--role", "server", "--role", "worker", "--config-dir", p.dir, "--port", String(port)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (d: Buffer) => (logs += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (logs += d.toString()));
    await waitFor("the server to answer", async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok, 60_000, 300);

    // Orders arrive by poll and by a signed webhook; then the batch, the push and a receipt.
    await core.runtime.queue(ingestQueue("shop-test")).add("poll", { kind: "poll", channel: "shop-test" });
    const third = orders[2]!;
    const body = JSON.stringify(toShopifyRest({ ...third, lines: third.lines.map((l, i) => ({ ...l, lineId: String(3_000 + i) })) }));
    const hmac = createHmac("sha256", "shop-webhook-secret-value").update(body).digest("base64");
    const hook = await fetch(`${url}/webhooks/shopify/shop-test`, { method: "POST", body, headers: { "content-type": "application/json", "x-shopify-hmac-sha256": hmac, "x-shopify-webhook-id": "wh-1", "x-shopify-topic": "orders/create" } });
    expect(hook.status).toBe(200);
    await waitFor("three evaluations", async () => ((await core.deps.evaluations.list()).filter((e) => !e.pending).length === 3 ? true : null), 60_000);
    await core.runtime.queue(Queues.batch).add("batch", { vendor: "acme", windowStart: new Date().toISOString(), trigger: "manual" });
    const [po] = await waitFor("the PO sent", async () => {
      const pos = await core.deps.purchaseOrders.list();
      return pos[0]?.delivery.state === "sent" ? pos : null;
    }, 60_000);
    const status = await supplier.sendCallback(`${url}/callbacks/suppliers/acme`, { kind: "receipt", eventId: "r-1", poNumber: po?.poNumber, receivedAt: "2026-12-03", lines: [{ vendorSku: "AC-MUG-R", quantity: 2 }] }, "peer-signing-secret-value");
    expect(status).toBe(202);
    await waitFor("the receipt applied", async () => (await core.deps.supplierEvents.unapplied()).length === 0 && (await core.deps.evaluations.list()).some((e) => !e.onHold), 60_000);
  }, 240_000);

  afterAll(async () => {
    child?.kill("SIGTERM");
    await new Promise((r) => (child?.exitCode === null ? child.once("exit", r) : r(null)));
    await core?.conn.dropDatabase().catch(() => undefined);
    await core?.stop();
    await supplier?.close();
    await shopify?.close();
  });

  it("the admin board needs the credentials from the environment", async () => {
    expect((await fetch(`${url}/admin/queues`)).status).toBe(401);
    const ok = await fetch(`${url}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from("ops:admin-password-value-123").toString("base64")}` } });
    expect(ok.status).toBe(200);
  });

  it("no log line carries a secret or a street address, although the run logged at debug", () => {
    const lines = logs.split("\n").filter((l) => l.trim().length > 0);
    expect(lines.length).toBeGreaterThan(5);
    for (const secret of [env.T_SHOP_TOKEN, env.T_SHOP_SECRET, env.T_ACME_SECRET, env.BACKORDER_ADDRESS_KEY, "admin-password-value-123"]) {
      expect(lines.filter((l) => l.includes(secret ?? "never"))).toEqual([]);
    }
    for (const street of STREETS) expect(lines.filter((l) => l.includes(street))).toEqual([]);
  });

  it("the raw orders and purchase_orders documents hold no address in clear", async () => {
    const db = core.conn.db!;
    const raw = [...(await db.collection("orders").find({}).toArray()), ...(await db.collection("purchase_orders").find({}).toArray())];
    expect(raw.length).toBe(4);
    const bytes = Buffer.concat(raw.map((d) => Buffer.from(mongoose.mongo.BSON.serialize(d))));
    for (const street of [...STREETS, "Private Person"]) expect(bytes.includes(street)).toBe(false);
    const sealed = raw.filter((d) => typeof d["shipToSealed"] === "string" && (d["shipToSealed"] as string).length > 20);
    expect(sealed).toHaveLength(3);
  });

  it("the purge removes the address of an order finished longer ago than the retention period, and only that one", async () => {
    const db = core.conn.db!;
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    // Order 9001 was cancelled 40 days ago; 9002 was cancelled just now.
    await db.collection("evaluations").updateOne({ _id: "shop-test:9001" as never }, { $set: { state: "cancelled", updatedAt: old } });
    await db.collection("evaluations").updateOne({ _id: "shop-test:9002" as never }, { $set: { state: "cancelled", updatedAt: new Date().toISOString() } });
    await core.runtime.queue(Queues.maintenance).add("purge", { task: "purge-personal-data" }, { jobId: "purge-1" });
    await waitFor("the purge job done", async () => (await core.runtime.queue(Queues.maintenance).getJob("purge-1"))?.finishedOn, 30_000);
    const doc = async (id: string) => db.collection("orders").findOne({ _id: id as never });
    expect((await doc("shop-test:9001"))?.["shipToSealed"]).toBeNull();
    expect(typeof (await doc("shop-test:9002"))?.["shipToSealed"]).toBe("string");
    expect((await core.deps.orders.getOrder("shop-test", "9002"))?.shipTo?.line1).toBe("31 Spooner Street");
  });
});
