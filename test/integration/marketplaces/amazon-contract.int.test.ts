import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AmazonChannelSchema } from "../../../src/config/channel.schema.js";
import { createRedisRateLimiter } from "../../../src/connectors/http/rate-limiter.js";
import { createAmazonConnector } from "../../../src/connectors/marketplaces/amazon/amazon.connector.js";
import { encodePageToken } from "../../../src/emulators/amazon/amazon-render.js";
import { startAmazonEmulator } from "../../../src/emulators/amazon/amazon.emulator.js";
import { generateOrders } from "../../../src/emulators/common/order-sources.js";
import { syncChannel } from "../../../src/ingest/sync-channel.js";
import { createAesGcmAddressCipher } from "../../../src/persistence/orders/address-cipher.js";
import { createOrderRepository } from "../../../src/persistence/orders/order.repository.js";
import { createQuarantineRepository } from "../../../src/persistence/orders/quarantine.repository.js";
import { createSyncCursorRepository } from "../../../src/persistence/orders/sync-cursor.repository.js";
import { isolatedServices } from "../../support/services.js";

const FAST = { searchOrders: { rate: 10, burst: 4 }, getOrders: { rate: 10, burst: 4 }, getOrderItems: { rate: 40, burst: 10 }, getOrder: { rate: 10, burst: 5 } };
const asSpec = (l: typeof FAST) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, { capacity: v.burst, ratePerSec: v.rate }]));

describe("Amazon connector against the SP-API emulator", () => {
  let svc: Awaited<ReturnType<typeof isolatedServices>>;
  let orders: ReturnType<typeof createOrderRepository>;
  let emu: Awaited<ReturnType<typeof startAmazonEmulator>>;
  const make = (id: string, over: Record<string, unknown> = {}) => {
    const cfg = AmazonChannelSchema.parse({ kind: "amazon", id, endpoint: emu.url, lwaEndpoint: emu.url, marketplaceIds: ["ATVPDKIKX0DER"], clientIdEnv: "A_ID", clientSecretEnv: "A_SECRET",
      refreshTokenEnv: "A_REFRESH", poll: { pageSize: 10 }, budgetShare: 1, ...over });
    const env = { A_ID: emu.credentials.clientId, A_SECRET: emu.credentials.clientSecret, A_REFRESH: emu.credentials.refreshToken };
    return createAmazonConnector(cfg, { env, limiter: createRedisRateLimiter(svc.redis, `${svc.prefix}:${id}`), limits: asSpec(FAST) });
  };
  const deps = (connector: ReturnType<typeof make>) => ({ connector, orders, cursors: createSyncCursorRepository(svc.conn), quarantine: createQuarantineRepository(svc.conn) });

  beforeAll(async () => {
    svc = await isolatedServices("amazon_contract");
    orders = createOrderRepository(svc.conn, createAesGcmAddressCipher(randomBytes(32)));
    await orders.ensureIndexes();
    emu = await startAmazonEmulator({ orders: generateOrders(64, 3, "x", Date.now()).map((o, i) => ({ ...o, fulfilment: i % 8 === 0 ? "marketplace" : "merchant" })), limits: FAST });
    emu.addOrder({ ...generateOrders(1, 99, "x", Date.now())[0]!, externalId: "pending-1" }, { pending: true });
  });
  afterAll(async () => {
    await emu.close();
    await svc.cleanup();
  });

  it("page tokens carry + / = and so must be URL-encoded", () => {
    expect(encodePageToken({ a: 1 })).toMatch(/\+.*\/|\/.*\+/);
    expect(encodePageToken({ a: 1 })).toMatch(/=$/);
  });

  it("v2026-01-01: a full sync over 7 pages stores the 64 orders; Pending is not demand; AFN is marketplace", async () => {
    const res = await syncChannel(deps(make("amz-2026")));
    expect(res.counts.created).toBe(64);
    expect(res.pages).toBe(7);
    expect(await orders.countOrders({ channel: "amz-2026" })).toBe(64);
    expect(await orders.getOrder("amz-2026", "pending-1")).toBeNull();
    expect((await orders.listOrders({ channel: "amz-2026" })).filter((o) => o.fulfilment === "marketplace")).toHaveLength(8);
  });

  it("v0: getOrders plus one getOrderItems per order stores the same 64 orders with their lines", async () => {
    const res = await syncChannel(deps(make("amz-v0", { ordersApi: "v0" })));
    expect(res.counts.created).toBe(64);
    const a = await orders.listOrders({ channel: "amz-2026" });
    const b = await orders.listOrders({ channel: "amz-v0" });
    expect(b.map((o) => o.lines.map((l) => [l.sku, l.ordered]))).toEqual(a.map((o) => o.lines.map((l) => [l.sku, l.ordered])));
  });

  it("rate limited: no QuotaExceeded from the emulator and at least 80% of the given budget used", async () => {
    const before = emu.stats();
    const c = make("amz-rate", { budgetShare: 0.8 });
    const t0 = performance.now();
    for (let cursor: string | null = null, done = false; !done; ) {
      const p = await c.fetchPage({ since: "2000-01-01T00:00:00Z", cursor });
      cursor = p.nextCursor;
      done = p.done;
    }
    const secs = (performance.now() - t0) / 1000;
    const after = emu.stats();
    const used = (after.requests["searchOrders"] ?? 0) - (before.requests["searchOrders"] ?? 0);
    expect(used).toBe(7);
    expect(after.throttled["searchOrders"] ?? 0).toBe(before.throttled["searchOrders"] ?? 0);
    // Budget: 80% of burst 4 (3 tokens) plus 80% of 10/s over the run.
    const budget = Math.floor(4 * 0.8) + 10 * 0.8 * secs;
    expect(used).toBeGreaterThanOrEqual(0.8 * budget);
  });

  it("an expired access token is refreshed once and the call goes through", async () => {
    const c = make("amz-exp");
    await c.fetchPage({ since: "2000-01-01T00:00:00Z", cursor: null });
    expect(c.lwaRefreshes()).toBe(1);
    emu.expireTokens();
    const p = await c.fetchPage({ since: "2000-01-01T00:00:00Z", cursor: null });
    expect(p.orders).toHaveLength(10);
    expect(c.lwaRefreshes()).toBe(2);
    expect((await c.fetchOrder(p.orders[0]!.externalId))?.externalId).toBe(p.orders[0]!.externalId);
  });
});
