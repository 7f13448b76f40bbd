import { randomUUID } from "node:crypto";
import { AmazonChannelSchema, ShopifyChannelSchema } from "../../src/config/channel.schema.js";
import { createAmazonConnector } from "../../src/connectors/marketplaces/amazon/amazon.connector.js";
import { createShopifyConnector } from "../../src/connectors/marketplaces/shopify/shopify.connector.js";
import { createRedisRateLimiter } from "../../src/connectors/http/rate-limiter.js";
import type { MarketplaceConnector } from "../../src/domain/ports.js";
import { AMAZON_LIMITS, startAmazonEmulator } from "../../src/emulators/amazon/amazon.emulator.js";
import { SHOPIFY_PLANS, startShopifyEmulator } from "../../src/emulators/shopify/shopify.emulator.js";
import type { EmulatorStats } from "../../src/emulators/common/emulator-kit.js";
import { createRedis } from "../../src/shared/redis.js";
import { drawOrders, type OrderShape } from "./olist-shape.js";
import { sum } from "./probes.js";

export interface BudgetFigures {
  api: string;
  seconds: number;
  budgetShare: number;
  orders: number;
  /** Points (Shopify) or calls of the binding operation (Amazon) spent / available in the window. */
  spent: number;
  available: number;
  usedShare: number;
  requests: number;
  throttled: number;
  throttledShare: number;
}

/**
 * Pages through a backlog until the window ends. A page still waiting for a token at the end is
 * abandoned (its call, if it ever happens, falls outside the window and is not counted).
 */
const drain = async (c: MarketplaceConnector, seconds: number): Promise<number> => {
  const end = Date.now() + seconds * 1000;
  let cursor: string | null = null;
  let orders = 0;
  while (Date.now() < end) {
    const pending = c.fetchPage({ since: "2000-01-01T00:00:00.000Z", cursor });
    pending.catch(() => undefined);
    const timer = new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, end - Date.now())).unref());
    const page = await Promise.race([pending, timer]);
    if (!page) break;
    orders += page.orders.length;
    if (page.done) break;
    cursor = page.nextCursor;
  }
  return orders;
};

const figures = (api: string, seconds: number, share: number, orders: number, spent: number, available: number, s: EmulatorStats): BudgetFigures => {
  const requests = sum(s.requests) - (s.requests["lwaToken"] ?? 0);
  const throttled = sum(s.throttled);
  return { api, seconds, budgetShare: share, orders, spent, available, usedShare: spent / available, requests, throttled, throttledShare: requests ? throttled / requests : 0 };
};

/**
 * Shopify Plus (GraphQL cost bucket) under a backlog larger than the window can drain, read by
 * the real connector: the budget of a window is bucket + restoreRate × seconds
 * (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits).
 */
export const shopifyBudget = async (shape: OrderShape, seconds: number, share: number): Promise<BudgetFigures> => {
  const plan = SHOPIFY_PLANS.plus;
  const backlog = Math.ceil(((plan.maximumAvailable + plan.restoreRate * seconds) / 6) * 1.5);
  const orders = drawOrders(shape, { n: backlog, seed: 5, channel: "budget-shop", startMs: Date.UTC(2026, 0, 1), stepMs: 1000 });
  const emu = await startShopifyEmulator({ port: 0, orders, limits: { plan: "plus" } });
  try {
    const cfg = ShopifyChannelSchema.parse({ kind: "shopify", id: "budget-shop", shopDomain: "budget.myshopify.com", baseUrl: emu.url, accessTokenEnv: "BUDGET_SHOP_TOKEN", webhookSecretEnv: "BUDGET_SHOP_SECRET", plan: "plus", budgetShare: share, poll: { pageSize: 250 }, locations: ["main"] });
    const c = createShopifyConnector(cfg, { env: { BUDGET_SHOP_TOKEN: emu.accessToken, BUDGET_SHOP_SECRET: "x" } });
    const t0 = Date.now();
    const got = await drain(c, seconds);
    const secs = (Date.now() - t0) / 1000;
    const s = emu.stats();
    return figures("Shopify GraphQL, Plus (bucket 10,000, 1,000 pts/s)", secs, share, got, s.spent["orders"] ?? 0, plan.maximumAvailable + plan.restoreRate * secs, s);
  } finally {
    await emu.close();
  }
};

/**
 * Amazon SP-API Orders v2026-01-01 searchOrders (0.0056 req/s, burst 20, the binding operation for
 * listing; https://developer-docs.amazon.com/sp-api/docs/orders-api-rate-limits) with the shared
 * Redis limiter: the budget of a window is burst + rate × seconds calls.
 */
export const amazonBudget = async (shape: OrderShape, seconds: number, share: number, redisUrl: string): Promise<BudgetFigures> => {
  const lim = AMAZON_LIMITS.searchOrders;
  const backlog = Math.ceil((lim.burst + lim.rate * seconds) * 100 * 1.5);
  const orders = drawOrders(shape, { n: backlog, seed: 6, channel: "budget-amz", startMs: Date.UTC(2026, 0, 1), stepMs: 1000, idBase: 4_000_000 }).map((o, i) => ({ ...o, externalId: `403-${String(1_000_000 + i)}-0000001` }));
  const emu = await startAmazonEmulator({ port: 0, orders });
  const redis = createRedis(redisUrl);
  try {
    const cfg = AmazonChannelSchema.parse({ kind: "amazon", id: "budget-amz", endpoint: emu.url, lwaEndpoint: emu.url, marketplaceIds: ["A1PA6795UKMFR9"], ordersApi: "v2026-01-01", clientIdEnv: "B_ID", clientSecretEnv: "B_SECRET", refreshTokenEnv: "B_REFRESH", budgetShare: share, poll: { pageSize: 100 }, locations: ["main"] });
    const env = { B_ID: emu.credentials.clientId, B_SECRET: emu.credentials.clientSecret, B_REFRESH: emu.credentials.refreshToken };
    const c = createAmazonConnector(cfg, { env, limiter: createRedisRateLimiter(redis, `bench-rl-${randomUUID().slice(0, 8)}`) });
    const t0 = Date.now();
    const got = await drain(c, seconds);
    const secs = (Date.now() - t0) / 1000;
    const s = emu.stats();
    return figures("Amazon SP-API searchOrders (burst 20, 0.0056/s)", secs, share, got, s.spent["searchOrders"] ?? 0, lim.burst + lim.rate * secs, s);
  } finally {
    redis.disconnect();
    await emu.close();
  }
};
