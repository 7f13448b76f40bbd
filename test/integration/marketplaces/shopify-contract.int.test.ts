import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopifyChannelSchema } from "../../../src/config/channel.schema.js";
import { createShopifyConnector } from "../../../src/connectors/marketplaces/shopify/shopify.connector.js";
import type { SalesOrder } from "../../../src/domain/order.js";
import { generateOrders, loadOrdersFile } from "../../../src/emulators/common/order-sources.js";
import { parseShopifyOrdersCsv } from "../../../src/connectors/marketplaces/shopify/shopify-csv.mapper.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { syncChannel } from "../../../src/ingest/sync-channel.js";
import { createAesGcmAddressCipher } from "../../../src/persistence/orders/address-cipher.js";
import { createOrderRepository } from "../../../src/persistence/orders/order.repository.js";
import { createQuarantineRepository } from "../../../src/persistence/orders/quarantine.repository.js";
import { createSyncCursorRepository } from "../../../src/persistence/orders/sync-cursor.repository.js";
import { isolatedServices } from "../../support/services.js";

const env = { SHOP_TOKEN: "shpat_test" };
const channelCfg = (id: string, baseUrl: string, over: Record<string, unknown> = {}) =>
  ShopifyChannelSchema.parse({ kind: "shopify", id, shopDomain: "test.myshopify.com", baseUrl, accessTokenEnv: "SHOP_TOKEN", webhookSecretEnv: "SHOP_SECRET", poll: { pageSize: 10, overlapSeconds: 60 }, ...over });

describe("Shopify connector against the Shopify emulator", () => {
  let svc: Awaited<ReturnType<typeof isolatedServices>>;
  let deps: (connector: ReturnType<typeof createShopifyConnector>) => Parameters<typeof syncChannel>[0];
  let orders: ReturnType<typeof createOrderRepository>;
  beforeAll(async () => {
    svc = await isolatedServices("shopify_contract");
    orders = createOrderRepository(svc.conn, createAesGcmAddressCipher(randomBytes(32)));
    await orders.ensureIndexes();
    const cursors = createSyncCursorRepository(svc.conn);
    const quarantine = createQuarantineRepository(svc.conn);
    deps = (connector) => ({ connector, orders, cursors, quarantine });
  });
  afterAll(async () => svc.cleanup());

  it("serves the Shopify export as a live shop would: synced SKU lines carry a variant and the import's flags", async () => {
    const file = path.resolve(__dirname, "../../../../shared/data/shopify/orders_export_devstore.csv");
    const imported = parseShopifyOrdersCsv(readFileSync(file, "utf8"), "shop-csv").orders;
    for (const o of imported) await orders.upsertOrder(o);
    const emu = await startShopifyEmulator({ accessToken: env.SHOP_TOKEN, orders: loadOrdersFile(file, "shop-csv") });
    try {
      const synced = await syncChannel(deps(createShopifyConnector(channelCfg("shop-csv", emu.url), { env })));
      // The API knows the variants the export leaves out: orders with SKU lines learn them, once.
      expect(synced.counts.created).toBe(0);
      expect(synced.counts.updated).toBe(imported.filter((o) => o.lines.some((l) => l.sku)).length);
      expect((await syncChannel(deps(createShopifyConnector(channelCfg("shop-csv", emu.url), { env })))).counts.updated).toBe(0);
      const stored = await orders.listOrders({ channel: "shop-csv" });
      const withSku = stored.flatMap((o) => o.lines).filter((l) => l.sku);
      expect(withSku.length).toBeGreaterThan(0);
      expect(withSku.filter((l) => l.flags.includes("UNMAPPED") || !l.variantId)).toEqual([]);
      const importedFlags = new Map(imported.flatMap((o) => o.lines.map((l) => [`${o.externalId}/${l.sku ?? ""}/${l.title}`, l.flags])));
      for (const o of stored) for (const l of o.lines) expect([o.externalId, l.title, l.flags]).toEqual([o.externalId, l.title, importedFlags.get(`${o.externalId}/${l.sku ?? ""}/${l.title}`)]);
    } finally {
      await emu.close();
    }
  });

  it("a full sync of 95 orders over 10 pages stores exactly 95, and a second sync changes nothing", async () => {
    const emu = await startShopifyEmulator({ accessToken: env.SHOP_TOKEN, orders: generateOrders(95, 42, "x", Date.now()) });
    try {
      const c = createShopifyConnector(channelCfg("shop-full", emu.url), { env });
      const first = await syncChannel(deps(c));
      expect(first.counts.created).toBe(95);
      expect(first.pages).toBe(10);
      expect(await orders.countOrders({ channel: "shop-full" })).toBe(95);
      const again = await syncChannel(deps(c));
      expect(again.counts.created).toBe(0);
      expect(again.counts.updated).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it("under a tight bucket the sync completes without an unanswered throttle and uses ≥ 80% of its budget", async () => {
    const big = generateOrders(60, 7, "x", Date.now()).map((o): SalesOrder => ({ ...o, lines: Array.from({ length: 20 }, (_, j) => ({ ...o.lines[0]!, lineId: `${o.externalId}${j}` })) }));
    const emu = await startShopifyEmulator({ accessToken: env.SHOP_TOKEN, orders: big, limits: { maximumAvailable: 600, restoreRate: 400 } });
    try {
      let throttledSeen = 0;
      const c = createShopifyConnector(channelCfg("shop-tight", emu.url, { budgetShare: 0.8 }), { env, onWait: (_ms, why) => void (why !== "pacing" && throttledSeen++) });
      // The connector alone is measured here: storage speed must not hide how it spends the bucket.
      const t0 = performance.now();
      let seen = 0;
      for (let cursor: string | null = null, done = false; !done; ) {
        const page = await c.fetchPage({ since: "2000-01-01T00:00:00Z", cursor });
        seen += page.orders.length;
        cursor = page.nextCursor;
        done = page.done;
      }
      const secs = (performance.now() - t0) / 1000;
      expect(seen).toBe(60);
      const s = emu.stats();
      // Every throttled answer the emulator gave was followed by a wait in the connector.
      expect(s.throttled["orders"] ?? 0).toBe(throttledSeen);
      const budget = 0.8 * (600 + 400 * secs);
      expect(s.spent["orders"]!).toBeGreaterThanOrEqual(0.8 * budget);
      expect(s.spent["orders"]!).toBeLessThanOrEqual(600 + 400 * secs);
    } finally {
      await emu.close();
    }
  });

  it("a crash between two pages resumes from the stored cursor with nothing missing or doubled", async () => {
    const emu = await startShopifyEmulator({ accessToken: env.SHOP_TOKEN, orders: generateOrders(50, 9, "x", Date.now()) });
    try {
      const real = createShopifyConnector(channelCfg("shop-crash", emu.url), { env });
      let calls = 0;
      const crashing = { ...real, fetchPage: async (a: Parameters<typeof real.fetchPage>[0]) => { if (++calls === 3) throw new Error("process killed"); return real.fetchPage(a); } };
      await expect(syncChannel(deps(crashing))).rejects.toThrow("process killed");
      expect(await orders.countOrders({ channel: "shop-crash" })).toBe(20);
      const res = await syncChannel(deps(real));
      expect(res.pages).toBe(3);
      expect(emu.stats().requests["orders"]).toBe(5);
      const stored = await orders.listOrders({ channel: "shop-crash" });
      expect(new Set(stored.map((o) => o.externalId)).size).toBe(50);
      expect(stored.every((o) => o.version === 1)).toBe(true);
    } finally {
      await emu.close();
    }
  });

  it("places and releases a fulfilment hold once each, even when asked twice", async () => {
    const emu = await startShopifyEmulator({ accessToken: env.SHOP_TOKEN, orders: generateOrders(2, 1, "x", Date.now()) });
    try {
      const c = createShopifyConnector(channelCfg("shop-hold", emu.url), { env });
      await c.setHold("5000000000", true);
      await c.setHold("5000000000", true);
      expect(emu.isOnHold("5000000000")).toBe(true);
      await c.setHold("5000000000", false);
      expect(emu.stats().holds).toEqual({ placed: 1, released: 1 });
      await expect(c.setHold("null", true)).rejects.toMatchObject({ code: "SHOPIFY.BAD_ID" });
      expect((await c.fetchOrder("5000000001"))?.externalId).toBe("5000000001");
    } finally {
      await emu.close();
    }
  });
});
