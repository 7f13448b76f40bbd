import type { AxiosInstance } from "axios";
import type { AmazonChannelConfig } from "../../../config/channel.schema.js";
import type { SalesOrder } from "../../../domain/order.js";
import type { MarketplaceConnector, OrderPage } from "../../../domain/ports.js";
import { PermanentError, RateLimitedError, TransientError } from "../../../shared/errors.js";
import { createHttpClient } from "../../http/axios-factory.js";
import { classifyResponse, classifyTransportError } from "../../http/classify-http-error.js";
import { shareOf } from "../../http/rate-limiter.js";
import type { BucketSpec, RateLimiter } from "../../http/rate-limiter.js";
import { collect, describeZodError } from "../map-result.js";
import { mapAmazonOrder2026, mapAmazonOrders2026, mapAmazonV0Order } from "./amazon.mapper.js";
import { GetOrderItemsV0ResponseSchema, GetOrdersV0ResponseSchema, SearchOrdersResponseSchema } from "./amazon.schemas.js";
import { createLwaTokenSource } from "./lwa-token.js";

/** Documented usage plans (https://developer-docs.amazon.com/sp-api/docs/orders-api-rate-limits). */
export const SP_API_LIMITS: Record<AmazonOp, BucketSpec> = {
  searchOrders: { capacity: 20, ratePerSec: 0.0056 }, getOrder: { capacity: 30, ratePerSec: 0.5 },
  getOrders: { capacity: 20, ratePerSec: 0.0167 }, getOrderItems: { capacity: 30, ratePerSec: 0.5 },
};
type AmazonOp = "searchOrders" | "getOrder" | "getOrders" | "getOrderItems";
const CLASSIFY = { area: "AMAZON", requestIdHeader: "x-amzn-requestid" };
const MAX_QUOTA_WAITS = 10;
const STATUS_2026: Record<string, string> = { Pending: "PENDING", Unshipped: "UNSHIPPED", PartiallyShipped: "PARTIALLY_SHIPPED", Shipped: "SHIPPED", Canceled: "CANCELLED", Unfulfillable: "UNFULFILLABLE" };

export interface AmazonConnectorDeps {
  limiter: RateLimiter;
  env?: NodeJS.ProcessEnv;
  http?: AxiosInstance;
  /** Override the documented usage plans (tests speed them up to match the emulator). */
  limits?: Partial<Record<AmazonOp, BucketSpec>>;
  sleep?: (ms: number) => Promise<void>;
}

const need = (env: NodeJS.ProcessEnv, name: string): string => {
  const v = env[name];
  if (!v) throw new PermanentError("AMAZON.CONFIG", `environment variable ${name} is not set`);
  return v;
};

export const createAmazonConnector = (cfg: AmazonChannelConfig, deps: AmazonConnectorDeps) => {
  const env = deps.env ?? process.env;
  const http = deps.http ?? createHttpClient({ baseURL: cfg.endpoint });
  const lwa = createLwaTokenSource(http, new URL("/auth/o2/token", cfg.lwaEndpoint).toString(),
    { clientId: need(env, cfg.clientIdEnv), clientSecret: need(env, cfg.clientSecretEnv), refreshToken: need(env, cfg.refreshTokenEnv) });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const spec = (op: AmazonOp) => shareOf(deps.limits?.[op] ?? SP_API_LIMITS[op], cfg.budgetShare);

  /** Takes a token from the shared bucket, calls, refreshes the LWA token once on 403, waits out QuotaExceeded. */
  const call = async (op: AmazonOp, path: string, params: Record<string, string | number | undefined>): Promise<unknown> => {
    let refreshed = false;
    for (let i = 0; i < MAX_QUOTA_WAITS; i++) {
      await deps.limiter.take(`${cfg.id}:${op}`, spec(op));
      const res = await http.get(path, { params, headers: { "x-amz-access-token": await lwa.get() } }).catch((e: unknown) => { throw classifyTransportError(e, CLASSIFY); });
      const err = classifyResponse(res, { ...CLASSIFY, defaultRetryAfterMs: Math.ceil(1000 / spec(op).ratePerSec) });
      if (!err) return res.data;
      if (res.status === 403 && !refreshed) {
        refreshed = true;
        lwa.invalidate();
        continue;
      }
      if (err instanceof RateLimitedError) {
        await sleep(Math.min(err.retryAfterMs ?? 1000, 60_000));
        continue;
      }
      throw err;
    }
    throw new RateLimitedError("AMAZON.RATE_LIMITED", `${op} still QuotaExceeded after ${MAX_QUOTA_WAITS} waits`, 60_000);
  };

  const parse = <T>(schema: { safeParse(d: unknown): { success: true; data: T } | { success: false; error: { issues: { path: (string | number)[]; message: string }[] } } }, data: unknown, op: string): T => {
    const r = schema.safeParse(data);
    if (!r.success) throw new TransientError("AMAZON.BAD_RESPONSE", `${op} answer unusable: ${describeZodError(r.error)}`);
    return r.data;
  };

  const page2026 = async (after: string, token: string | null) => {
    const params = token ? { paginationToken: token } : { lastUpdatedAfter: after, maxResultsPerPage: cfg.poll.pageSize, marketplaceIds: cfg.marketplaceIds.join(","),
      fulfillmentStatuses: cfg.statuses.map((s) => STATUS_2026[s] ?? s).join(",") };
    const body = parse(SearchOrdersResponseSchema, await call("searchOrders", "/orders/2026-01-01/orders", params), "searchOrders");
    return { mapped: mapAmazonOrders2026(body.orders, cfg.id), raw: body.orders, next: body.pagination?.nextToken ?? null };
  };

  const pageV0 = async (after: string, token: string | null) => {
    const params = token ? { NextToken: token } : { LastUpdatedAfter: after, MaxResultsPerPage: cfg.poll.pageSize, MarketplaceIds: cfg.marketplaceIds.join(","), OrderStatuses: cfg.statuses.join(",") };
    const body = parse(GetOrdersV0ResponseSchema, await call("getOrders", "/orders/v0/orders", params), "getOrders");
    const results = [];
    for (const o of body.payload.Orders) {
      const id = (o as { AmazonOrderId?: unknown }).AmazonOrderId;
      if (typeof id !== "string" || id === "") {
        results.push(mapAmazonV0Order(o, [], cfg.id));
        continue;
      }
      const items = parse(GetOrderItemsV0ResponseSchema, await call("getOrderItems", `/orders/v0/orders/${encodeURIComponent(id)}/orderItems`, {}), "getOrderItems");
      results.push(mapAmazonV0Order(o, items.payload.OrderItems, cfg.id));
    }
    return { mapped: collect(results), raw: body.payload.Orders, next: body.payload.NextToken ?? null };
  };

  const fetchPage = async ({ since, cursor }: { since: string; cursor: string | null }): Promise<OrderPage> => {
    const state = cursor ? (JSON.parse(cursor) as { token: string; high: string | null }) : null;
    const after = new Date(new Date(since).getTime() - cfg.poll.overlapSeconds * 1000).toISOString();
    const p = await (cfg.ordersApi === "v0" ? pageV0 : page2026)(after, state?.token ?? null);
    const stamps = p.raw.map((o) => (o as { lastUpdatedTime?: unknown; LastUpdateDate?: unknown })).map((o) => o.lastUpdatedTime ?? o.LastUpdateDate).filter((s): s is string => typeof s === "string").map((s) => new Date(s).toISOString());
    const high = [state?.high ?? null, ...stamps].filter((s): s is string => !!s).sort().at(-1) ?? null;
    return { orders: p.mapped.orders, rejected: p.mapped.rejected, nextCursor: p.next ? JSON.stringify({ token: p.next, high }) : null, highWatermark: high, done: !p.next };
  };

  const fetchOrder = async (externalId: string): Promise<SalesOrder | null> => {
    if (!/^[\w-]+$/.test(externalId)) throw new PermanentError("AMAZON.BAD_ID", `not an Amazon order id: ${JSON.stringify(externalId)}`);
    const body = (await call("getOrder", `/orders/2026-01-01/orders/${externalId}`, {})) as { order?: unknown };
    const r = mapAmazonOrder2026(body.order, cfg.id);
    return r.ok === true ? r.order : null;
  };

  // Amazon has no seller-side hold: a held order simply stays unshipped until stock arrives.
  const setHold = async (): Promise<void> => undefined;

  const connector: MarketplaceConnector & { lwaRefreshes(): number } = { channel: cfg.id, fetchPage, fetchOrder, setHold, lwaRefreshes: () => lwa.refreshes };
  return connector;
};
