import type { AxiosInstance } from "axios";
import type { ShopifyChannelConfig } from "../../../config/channel.schema.js";
import type { SalesOrder } from "../../../domain/order.js";
import type { MarketplaceConnector, OrderPage } from "../../../domain/ports.js";
import { PermanentError, RateLimitedError, TransientError } from "../../../shared/errors.js";
import { createHttpClient } from "../../http/axios-factory.js";
import { classifyResponse, classifyTransportError } from "../../http/classify-http-error.js";
import { describeZodError } from "../map-result.js";
import { mapShopifyGraphqlOrders } from "./shopify.mapper.js";
import { FULFILLMENT_ORDERS_QUERY, HOLD_MUTATION, ORDERS_QUERY, RELEASE_MUTATION, ordersQueryCost } from "./shopify-queries.js";
import { GqlOrdersResponseSchema, ThrottleStatusSchema } from "./shopify.schemas.js";
import { ShopifyThrottle } from "./shopify-throttle.js";

const AREA = "SHOPIFY";
const CLASSIFY = { area: AREA, requestIdHeader: "x-request-id", defaultRetryAfterMs: 1000 };
/** Waiting out a throttle is allowed; anything else goes back to BullMQ, so this bound is small. */
const MAX_THROTTLE_WAITS = 20;
/** Shopify's single-query cap (api-formats.md §1.6): page size is cut so one page fits. */
const MAX_QUERY_COST = 1000;

export interface ShopifyConnectorDeps {
  env?: NodeJS.ProcessEnv;
  http?: AxiosInstance;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Observes every wait (for progress output and tests); never sees secrets. */
  onWait?: (ms: number, why: string) => void;
}

interface Cursor { q: string; after: string | null; high: string | null }
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
const decode = (s: string): Cursor => JSON.parse(Buffer.from(s, "base64url").toString()) as Cursor;
const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), reject(signal.reason as Error)), { once: true });
  });

const requireEnv = (env: NodeJS.ProcessEnv, name: string): string => {
  const v = env[name];
  if (!v) throw new PermanentError(`${AREA}.CONFIG`, `environment variable ${name} is not set`);
  return v;
};

export const createShopifyConnector = (cfg: ShopifyChannelConfig, deps: ShopifyConnectorDeps = {}): MarketplaceConnector => {
  const token = requireEnv(deps.env ?? process.env, cfg.accessTokenEnv);
  const http = deps.http ?? createHttpClient({ baseURL: cfg.baseUrl, headers: { "x-shopify-access-token": token, "content-type": "application/json" } });
  const sleep = deps.sleep ?? defaultSleep;
  const throttle = new ShopifyThrottle(cfg.budgetShare);
  const path = `/admin/api/${cfg.apiVersion}/graphql.json`;
  const first = Math.min(cfg.poll.pageSize, Math.floor((MAX_QUERY_COST - 2) / (ordersQueryCost(1) - 2)));

  const wait = async (ms: number, why: string, signal?: AbortSignal) => {
    deps.onWait?.(ms, why);
    await sleep(ms, signal);
  };

  /** One GraphQL call, paced by the reported bucket; THROTTLED and 429 are waited out. */
  const graphql = async (query: string, variables: Record<string, unknown>, cost: number, signal?: AbortSignal): Promise<unknown> => {
    for (let i = 0; i < MAX_THROTTLE_WAITS; i++) {
      const pause = throttle.waitFor(cost);
      if (pause > 0) await wait(pause, "pacing", signal);
      const res = await http.post(path, { query, variables }, { signal }).catch((err: unknown) => { throw classifyTransportError(err, CLASSIFY); });
      const err = classifyResponse(res, CLASSIFY);
      const status = ThrottleStatusSchema.safeParse((res.data as { extensions?: { cost?: { throttleStatus?: unknown } } } | null)?.extensions?.cost?.throttleStatus);
      if (err instanceof RateLimitedError) {
        await wait(status.success ? throttle.afterThrottle(cost, status.data) : err.retryAfterMs ?? 1000, "429", signal);
        continue;
      }
      if (err) throw err;
      const throttled = (res.data as { errors?: { extensions?: { code?: string } }[] } | null)?.errors?.some((e) => e.extensions?.code === "THROTTLED");
      if (throttled) {
        await wait(status.success ? throttle.afterThrottle(cost, status.data) : 1000, "THROTTLED", signal);
        continue;
      }
      if (status.success) throttle.observe(status.data);
      return res.data;
    }
    throw new RateLimitedError(`${AREA}.RATE_LIMITED`, `still throttled after ${MAX_THROTTLE_WAITS} waits`, 5000);
  };

  const ordersPage = async (q: string, after: string | null, signal?: AbortSignal) => {
    const data = await graphql(ORDERS_QUERY, { first, after, q }, ordersQueryCost(first), signal);
    const parsed = GqlOrdersResponseSchema.safeParse(data);
    if (!parsed.success || !parsed.data.data) {
      const why = parsed.success ? JSON.stringify(parsed.data.errors ?? []).slice(0, 300) : describeZodError(parsed.error);
      throw new TransientError(`${AREA}.BAD_RESPONSE`, `orders query answer unusable: ${why}`);
    }
    return parsed.data.data.orders;
  };

  const fetchPage = async ({ since, cursor, signal }: { since: string; cursor: string | null; signal?: AbortSignal }): Promise<OrderPage> => {
    // Updates committed late can carry an updated_at just before the watermark: read back an overlap.
    const from = new Date(new Date(since).getTime() - cfg.poll.overlapSeconds * 1000).toISOString();
    const state: Cursor = cursor ? decode(cursor) : { q: `updated_at:>='${from}' status:any`, after: null, high: null };
    const page = await ordersPage(state.q, state.after, signal);
    const mapped = mapShopifyGraphqlOrders(page.nodes, cfg.id);
    const stamps = page.nodes.map((n) => (n as { updatedAt?: unknown }).updatedAt).filter((s): s is string => typeof s === "string").map((s) => new Date(s).toISOString());
    const high = [state.high, ...stamps].filter((s): s is string => s !== null).sort().at(-1) ?? null;
    const done = !page.pageInfo.hasNextPage;
    return { orders: mapped.orders, rejected: mapped.rejected, nextCursor: done ? null : encode({ q: state.q, after: page.pageInfo.endCursor, high }), highWatermark: high, done };
  };

  const fetchOrder = async (externalId: string): Promise<SalesOrder | null> => {
    if (!/^\d+$/.test(externalId)) throw new PermanentError(`${AREA}.BAD_ID`, `not a Shopify order id: ${JSON.stringify(externalId)}`);
    const page = await ordersPage(`id:${externalId}`, null);
    return mapShopifyGraphqlOrders(page.nodes, cfg.id).orders.find((o) => o.externalId === externalId) ?? null;
  };

  const setHold = async (externalId: string, hold: boolean): Promise<void> => {
    // C01: never send a request built from a missing id.
    if (!/^\d+$/.test(externalId)) throw new PermanentError(`${AREA}.BAD_ID`, `not a Shopify order id: ${JSON.stringify(externalId)}`);
    const data = (await graphql(FULFILLMENT_ORDERS_QUERY, { id: `gid://shopify/Order/${externalId}` }, 10)) as { data?: { order?: { fulfillmentOrders?: { nodes?: { id: string; status: string }[] } } | null } };
    const fos = data.data?.order?.fulfillmentOrders?.nodes ?? [];
    if (!data.data?.order) throw new PermanentError(`${AREA}.NOT_FOUND`, `order ${externalId} not found`);
    for (const fo of fos) {
      if (hold === (fo.status === "ON_HOLD")) continue;
      const vars = hold ? { id: fo.id, hold: { reason: "INVENTORY_OUT_OF_STOCK", reasonNotes: "Waiting for supplier stock", notifyMerchant: false } } : { id: fo.id };
      const res = (await graphql(hold ? HOLD_MUTATION : RELEASE_MUTATION, vars, 10)) as { data?: Record<string, { userErrors?: { message: string }[] }> };
      const errors = Object.values(res.data ?? {}).flatMap((r) => r.userErrors ?? []);
      if (errors.length > 0) throw new PermanentError(`${AREA}.HOLD_REJECTED`, errors.map((e) => e.message).join("; "), { externalId });
    }
  };

  return { channel: cfg.id, fetchPage, fetchOrder, setHold };
};
