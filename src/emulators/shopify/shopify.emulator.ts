import express from "express";
import type { Request, Response } from "express";
import type { SalesOrder } from "../../domain/order.js";
import { Bucket, bump, createFaultPlan, delay, emptyStats, listen, requestId, seededRandom } from "../common/emulator-kit.js";
import type { EmulatorStats, Faults } from "../common/emulator-kit.js";
import { readArgs, requestedCost, updatedSince } from "./shopify-graphql.js";
import type { Vars } from "./shopify-graphql.js";
import { toShopifyGraphqlNode, toShopifyRest } from "./shopify-render.js";
import { createWebhookSender } from "./shopify-webhooks.js";
import type { WebhookConfig } from "./shopify-webhooks.js";

/**
 * Shopify GraphQL Admin API stand-in (api-formats.md §1.6, §1.8; https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 * cost-based leaky bucket per plan, THROTTLED errors (HTTP 200 by default, 429 optional), cursor
 * pagination sorted by UPDATED_AT, fulfilment-order holds, signed webhooks.
 */
export const SHOPIFY_PLANS = { standard: { maximumAvailable: 1000, restoreRate: 100 }, advanced: { maximumAvailable: 2000, restoreRate: 200 }, plus: { maximumAvailable: 10000, restoreRate: 1000 } } as const;

export interface ShopifyEmulatorOptions {
  port?: number;
  orders?: SalesOrder[];
  accessToken?: string;
  limits?: { plan?: keyof typeof SHOPIFY_PLANS; maximumAvailable?: number; restoreRate?: number; maxQueryCost?: number; throttleStatus?: 200 | 429 };
  faults?: Faults;
  webhook?: WebhookConfig;
}

type Hold = { onHold: boolean };
const CURSOR = (o: SalesOrder) => Buffer.from(JSON.stringify([o.channelUpdatedAt, o.externalId])).toString("base64url");
const byUpdated = (a: SalesOrder, b: SalesOrder) => (a.channelUpdatedAt < b.channelUpdatedAt ? -1 : a.channelUpdatedAt > b.channelUpdatedAt ? 1 : a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0);

export const startShopifyEmulator = async (opts: ShopifyEmulatorOptions = {}) => {
  const plan = SHOPIFY_PLANS[opts.limits?.plan ?? "standard"];
  const bucket = new Bucket(opts.limits?.maximumAvailable ?? plan.maximumAvailable, opts.limits?.restoreRate ?? plan.restoreRate, () => performance.now());
  const maxQueryCost = opts.limits?.maxQueryCost ?? 1000;
  const token = opts.accessToken ?? "shpat_emulator";
  const orders = new Map<string, SalesOrder>((opts.orders ?? []).map((o) => [o.externalId, o]));
  const holds = new Map<string, Hold>();
  const stats: EmulatorStats = emptyStats();
  const faults = createFaultPlan(opts.faults);
  const hooks = createWebhookSender(opts.webhook, stats, seededRandom(opts.faults?.seed ?? 7));
  const throttleStatus = () => ({ maximumAvailable: bucket.capacity, currentlyAvailable: Math.floor(bucket.level()), restoreRate: bucket.ratePerSec });

  const throttled = (res: Response, op: string, cost: number) => {
    bump(stats.throttled, op);
    const body = { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: throttleStatus() } } };
    res.status(opts.limits?.throttleStatus ?? 200).json(body);
  };

  const listOrders = (vars: Vars, query: string, res: Response) => {
    const args = readArgs(query, "orders", vars) ?? {};
    const first = Math.min(250, Number(args["first"] ?? 50));
    const lineFirst = Number(readArgs(query, "lineItems", vars)?.["first"] ?? 10);
    const cost = requestedCost(first, lineFirst);
    if (cost > maxQueryCost)
      return res.json({ errors: [{ message: `Query cost is ${cost}, which exceeds the single query max cost limit (${maxQueryCost}).`, extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: maxQueryCost } }] });
    if (!bucket.take(cost)) return throttled(res, "orders", cost);
    stats.peakBucketUse["orders"] = bucket.peakUsed;
    const since = updatedSince(args["query"]);
    const onlyId = /\bid:(\d+)/.exec(String(args["query"] ?? ""))?.[1];
    const after = typeof args["after"] === "string" ? (JSON.parse(Buffer.from(args["after"], "base64url").toString()) as [string, string]) : null;
    const all = [...orders.values()].sort(byUpdated).filter((o) => !onlyId || o.externalId === onlyId).filter((o) => !since || (since.inclusive ? o.channelUpdatedAt >= since.at : o.channelUpdatedAt > since.at))
      .filter((o) => !after || o.channelUpdatedAt > after[0] || (o.channelUpdatedAt === after[0] && o.externalId > after[1]));
    const page = all.slice(0, first);
    const actual = 2 + page.reduce((n, o) => n + 5 + Math.min(o.lines.length, lineFirst), 0);
    bucket.refund(cost - actual);
    bump(stats.spent, "orders", actual);
    const last = page.at(-1);
    res.json({ data: { orders: { pageInfo: { hasNextPage: all.length > first, endCursor: last ? CURSOR(last) : null }, nodes: page.map((o) => toShopifyGraphqlNode(o, lineFirst)) } },
      extensions: { cost: { requestedQueryCost: cost, actualQueryCost: actual, throttleStatus: throttleStatus() } } });
  };

  const foOf = (orderId: string) => ({ id: `gid://shopify/FulfillmentOrder/${orderId}`, status: holds.get(orderId)?.onHold ? "ON_HOLD" : "OPEN" });
  const tail = (gid: unknown) => String(gid).slice(String(gid).lastIndexOf("/") + 1);

  const fulfilment = (vars: Vars, query: string, res: Response) => {
    const ok = (data: unknown) => res.json({ data, extensions: { cost: { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: throttleStatus() } } });
    if (!bucket.take(10)) return throttled(res, "fulfillmentOrders", 10);
    if (/fulfillmentOrderReleaseHold/.test(query)) {
      const id = tail(readArgs(query, "fulfillmentOrderReleaseHold", vars)?.["id"]);
      if (holds.get(id)?.onHold) {
        stats.holds.released++;
        holds.set(id, { onHold: false });
      }
      return ok({ fulfillmentOrderReleaseHold: { fulfillmentOrder: foOf(id), userErrors: [] } });
    }
    if (/fulfillmentOrderHold/.test(query)) {
      const id = tail(readArgs(query, "fulfillmentOrderHold", vars)?.["id"]);
      if (!orders.has(id)) return ok({ fulfillmentOrderHold: { fulfillmentOrder: null, userErrors: [{ field: ["id"], message: "Fulfillment order does not exist." }] } });
      if (!holds.get(id)?.onHold) {
        stats.holds.placed++;
        holds.set(id, { onHold: true });
      }
      return ok({ fulfillmentOrderHold: { fulfillmentOrder: foOf(id), remainingFulfillmentOrder: null, userErrors: [] } });
    }
    const id = tail(readArgs(query, "order", vars)?.["id"]);
    const o = orders.get(id);
    return ok({ order: o ? { id: `gid://shopify/Order/${id}`, fulfillmentOrders: { nodes: [foOf(id)] } } : null });
  };

  const app = express();
  app.get("/_emulator/stats", (_req, res) => res.json(stats));
  app.post("/admin/api/:version/graphql.json", express.json({ limit: "1mb" }), async (req: Request, res: Response) => {
    res.set({ "x-request-id": requestId(), "x-shopify-api-version": String(req.params["version"]) });
    if (req.get("x-shopify-access-token") !== token) return res.status(401).json({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    const query = String(req.body?.query ?? "");
    const vars = (req.body?.variables ?? {}) as Vars;
    const op = /\borders\s*\(/.test(query) ? "orders" : "fulfillmentOrders";
    bump(stats.requests, op);
    if (faults.slowMs) await delay(faults.slowMs);
    const fault = faults.next();
    if (fault === "error") return (stats.faults.errors++, res.status(500).json({ errors: "Internal Server Error" }));
    if (fault === "throttle") return (stats.faults.injectedThrottles++, throttled(res, op, 0));
    if (fault === "malformed") return (stats.faults.malformed++, res.type("application/json").send('{"data":{"orders":{"pageInfo":'));
    return op === "orders" ? listOrders(vars, query, res) : fulfilment(vars, query, res);
  });

  const server = await listen(app, opts.port ?? 0);
  return {
    url: server.url,
    accessToken: token,
    stats: (): EmulatorStats => structuredClone(stats),
    bucket: () => throttleStatus(),
    isOnHold: (id: string) => holds.get(id)?.onHold ?? false,
    addOrder(o: SalesOrder, topic = "orders/create") {
      orders.set(o.externalId, o);
      hooks.send(topic, toShopifyRest(o));
    },
    updateOrder(id: string, change: (o: SalesOrder) => SalesOrder) {
      const cur = orders.get(id);
      if (!cur) throw new Error(`no order ${id}`);
      const next = change(cur);
      orders.set(id, next);
      hooks.send(next.status === "cancelled" ? "orders/cancelled" : "orders/updated", toShopifyRest(next));
    },
    /** Sends a webhook for an order as it is now (or a given payload), e.g. to replay an old version. */
    sendWebhook: (topic: string, payload: unknown) => hooks.send(topic, payload),
    drainWebhooks: () => hooks.drain(),
    close: async () => {
      await hooks.drain();
      await server.close();
    },
  };
};
export type ShopifyEmulator = Awaited<ReturnType<typeof startShopifyEmulator>>;
