import { randomBytes } from "node:crypto";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapShopifyRestOrder } from "../../../src/connectors/marketplaces/shopify/shopify.mapper.js";
import type { SalesOrder } from "../../../src/domain/order.js";
import { listen } from "../../../src/emulators/common/emulator-kit.js";
import { generateOrders } from "../../../src/emulators/common/order-sources.js";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { toShopifyRest } from "../../../src/emulators/shopify/shopify-render.js";
import { signShopifyBody } from "../../../src/emulators/shopify/shopify-webhooks.js";
import { createShopifyWebhookRouter } from "../../../src/ingest/shopify-webhook.router.js";
import { createAesGcmAddressCipher } from "../../../src/persistence/orders/address-cipher.js";
import { createOrderRepository } from "../../../src/persistence/orders/order.repository.js";
import { createWebhookReceiptRepository } from "../../../src/persistence/orders/webhook-receipt.repository.js";
import { isolatedServices } from "../../support/services.js";

const SECRET = "whsec_test";

describe("Shopify webhook intake", () => {
  let svc: Awaited<ReturnType<typeof isolatedServices>>;
  let orders: ReturnType<typeof createOrderRepository>;
  let receipts: ReturnType<typeof createWebhookReceiptRepository>;
  let server: Awaited<ReturnType<typeof listen>>;
  let handled = 0;
  let failNext = false;
  beforeAll(async () => {
    svc = await isolatedServices("shopify_webhooks");
    orders = createOrderRepository(svc.conn, createAesGcmAddressCipher(randomBytes(32)));
    receipts = createWebhookReceiptRepository(svc.conn);
    await orders.ensureIndexes();
    await receipts.ensureIndexes();
    const app = express();
    // onEvent stands in for the BullMQ enqueue; here it stores the order as the ingest job would.
    app.use(createShopifyWebhookRouter({ receipts, secretFor: (c) => (c === "shop" ? ["old-secret", SECRET] : undefined), onEvent: async (e) => {
      if (failNext) {
        failNext = false;
        throw new Error("redis down");
      }
      handled++;
      const r = mapShopifyRestOrder(e.payload, e.channel);
      if (r.ok === true) await orders.upsertOrder(r.order);
    } }));
    server = await listen(app, 0);
  });
  afterAll(async () => {
    await server.close();
    await svc.cleanup();
  });

  const post = (body: string, sig: string, id = `wh-${Math.random()}`) =>
    fetch(`${server.url}/webhooks/shopify/shop`, { method: "POST", body, headers: { "content-type": "application/json", "x-shopify-hmac-sha256": sig, "x-shopify-webhook-id": id, "x-shopify-topic": "orders/updated" } });

  it("a bad HMAC is answered 401 and nothing is stored", async () => {
    const body = JSON.stringify(toShopifyRest(generateOrders(1, 5, "shop", Date.now())[0]!));
    const res = await post(body, signShopifyBody(body, "wrong-secret"));
    expect(res.status).toBe(401);
    const tampered = await post(body.replace("Item", "Itam"), signShopifyBody(body, SECRET));
    expect(tampered.status).toBe(401);
    expect(await orders.countOrders({ channel: "shop" })).toBe(0);
    expect(await receipts.count("shop")).toBe(0);
  });

  it("the same webhook delivered twice by the emulator gives one receipt, one hand-off and one order", async () => {
    const emu = await startShopifyEmulator({ webhook: { url: `${server.url}/webhooks/shopify/shop`, secret: SECRET, duplicateRate: 1 } });
    try {
      const before = handled;
      emu.addOrder(generateOrders(1, 6, "shop", Date.now())[0]!);
      await emu.drainWebhooks();
      expect(emu.stats().webhooks.sent).toBe(2);
      expect(handled - before).toBe(1);
      expect(await receipts.count("shop")).toBe(1);
      expect(await orders.countOrders({ channel: "shop" })).toBe(1);
    } finally {
      await emu.close();
    }
  });

  it("an older update arriving after a newer one leaves the newer stored", async () => {
    const base = generateOrders(1, 8, "shop", Date.now())[0]!;
    const newer: SalesOrder = { ...base, externalId: "6000000001", channelUpdatedAt: "2025-03-02T10:00:00.000Z", status: "cancelled" };
    const older: SalesOrder = { ...base, externalId: "6000000001", channelUpdatedAt: "2025-03-02T09:00:00.000Z", status: "open" };
    for (const o of [newer, older]) {
      const body = JSON.stringify(toShopifyRest(o));
      expect((await post(body, signShopifyBody(body, SECRET))).status).toBe(200);
    }
    const got = await orders.getOrder("shop", "6000000001");
    expect(got).toMatchObject({ status: "cancelled", channelUpdatedAt: "2025-03-02T10:00:00.000Z", version: 1 });
  });

  it("a failed hand-off answers 503 and the redelivery with the same id is processed", async () => {
    const body = JSON.stringify(toShopifyRest({ ...generateOrders(1, 10, "shop", Date.now())[0]!, externalId: "6000000002" }));
    failNext = true;
    expect((await post(body, signShopifyBody(body, SECRET), "wh-retry")).status).toBe(503);
    expect((await post(body, signShopifyBody(body, SECRET), "wh-retry")).status).toBe(200);
    expect(await orders.getOrder("shop", "6000000002")).not.toBeNull();
  });

  it("a claim left unhandled by a process that died mid-request is taken over by the redelivery once stale", async () => {
    const quick = createWebhookReceiptRepository(svc.conn, { staleAfterMs: 300 });
    const claim = { webhookId: "wh-died", channel: "shop", topic: "orders/create" };
    expect(await quick.claim(claim)).toBe("new");
    // The process dies here: no markHandled, no release, Shopify got no 200 and redelivers.
    expect(await quick.claim(claim)).toBe("duplicate");
    await new Promise((r) => setTimeout(r, 400));
    const [a, b] = await Promise.all([quick.claim(claim), quick.claim(claim)]);
    expect([a, b].sort()).toEqual(["duplicate", "new"]);
    await quick.markHandled("wh-died");
    await new Promise((r) => setTimeout(r, 400));
    expect(await quick.claim(claim)).toBe("duplicate");
    expect(await quick.count("shop")).toBeGreaterThanOrEqual(1);
  });

  it("a body over the size limit is refused", async () => {
    const body = JSON.stringify({ pad: "x".repeat(3 * 1024 * 1024) });
    expect((await post(body, signShopifyBody(body, SECRET))).status).toBe(413);
  });
});
