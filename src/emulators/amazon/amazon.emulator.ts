import { randomBytes } from "node:crypto";
import express from "express";
import type { NextFunction, Request, Response } from "express";
import type { SalesOrder } from "../../domain/order.js";
import { Bucket, bump, createFaultPlan, delay, emptyStats, listen, requestId } from "../common/emulator-kit.js";
import type { EmulatorStats, Faults } from "../common/emulator-kit.js";
import { decodePageToken, encodePageToken, fulfillmentStatus2026, toAmazon2026, toAmazonV0, toAmazonV0Items } from "./amazon-render.js";

/**
 * Amazon SP-API stand-in (api-formats.md §2): LWA token endpoint, Orders API v2026-01-01 and v0,
 * per-operation token buckets with the documented rate and burst
 * (https://developer-docs.amazon.com/sp-api/docs/usage-plans-and-rate-limits), 429 QuotaExceeded,
 * 403 on an expired token, x-amzn-RequestId on every answer, x-amzn-RateLimit-Limit on successes.
 */
export const AMAZON_LIMITS = {
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  getOrders: { rate: 0.0167, burst: 20 },
  getOrderItems: { rate: 0.5, burst: 30 },
} as const;
export type AmazonOperation = keyof typeof AMAZON_LIMITS;

export interface AmazonEmulatorOptions {
  port?: number;
  orders?: SalesOrder[];
  credentials?: { clientId: string; clientSecret: string; refreshToken: string };
  limits?: Partial<Record<AmazonOperation, { rate: number; burst: number }>> & { tokenTtlSeconds?: number };
  faults?: Faults;
}

const err = (res: Response, status: number, code: string, message: string) => res.status(status).json({ errors: [{ code, message, details: "" }] });
type SearchState = { after: string; statuses: string[] | null; by: string | null; size: number; pos: [string, string] | null };

export const startAmazonEmulator = async (opts: AmazonEmulatorOptions = {}) => {
  const creds = opts.credentials ?? { clientId: "amzn1.application-oa2-client.emulator", clientSecret: "emulator-secret", refreshToken: "Atzr|emulator" };
  const ttl = opts.limits?.tokenTtlSeconds ?? 3600;
  const limits = { ...AMAZON_LIMITS, ...opts.limits };
  const buckets = Object.fromEntries(Object.entries(AMAZON_LIMITS).map(([op]) => [op, new Bucket(limits[op as AmazonOperation].burst, limits[op as AmazonOperation].rate, () => performance.now())])) as Record<AmazonOperation, Bucket>;
  const orders = new Map<string, SalesOrder>((opts.orders ?? []).map((o) => [o.externalId, o]));
  const pending = new Set<string>();
  const tokens = new Map<string, number>();
  const stats: EmulatorStats = emptyStats();
  const faults = createFaultPlan(opts.faults);
  const statusOf = (o: SalesOrder) => (pending.has(o.externalId) ? "PENDING" : fulfillmentStatus2026(o));
  const sorted = () => [...orders.values()].sort((a, b) => (a.channelUpdatedAt + a.externalId < b.channelUpdatedAt + b.externalId ? -1 : 1));

  const app = express();
  app.get("/_emulator/stats", (_req, res) => res.json(stats));
  app.post("/auth/o2/token", express.urlencoded({ extended: false }), (req, res) => {
    const b = req.body as Record<string, string>;
    if (b["grant_type"] !== "refresh_token" || b["refresh_token"] !== creds.refreshToken || b["client_id"] !== creds.clientId || b["client_secret"] !== creds.clientSecret)
      return res.status(400).json({ error: "invalid_grant", error_description: "The request has an invalid grant parameter : refresh_token" });
    const token = `Atza|${randomBytes(24).toString("base64url")}`;
    tokens.set(token, Date.now() + ttl * 1000);
    bump(stats.requests, "lwaToken");
    res.json({ access_token: token, refresh_token: creds.refreshToken, token_type: "bearer", expires_in: ttl });
  });

  const guard = (op: AmazonOperation) => async (req: Request, res: Response, next: NextFunction) => {
    res.set("x-amzn-RequestId", requestId());
    bump(stats.requests, op);
    const exp = tokens.get(req.get("x-amz-access-token") ?? "");
    if (exp === undefined) return err(res, 403, "Unauthorized", "Access to requested resource is denied.");
    if (exp <= Date.now()) return err(res, 403, "Unauthorized", "The access token you provided has expired.");
    if (faults.slowMs) await delay(faults.slowMs);
    const fault = faults.next();
    if (fault === "error") return (stats.faults.errors++, err(res, 500, "InternalFailure", "We encountered an internal error. Please try again."));
    if (fault === "throttle" || !buckets[op].take()) {
      if (fault === "throttle") stats.faults.injectedThrottles++;
      bump(stats.throttled, op);
      return err(res, 429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
    }
    stats.peakBucketUse[op] = buckets[op].peakUsed;
    bump(stats.spent, op);
    res.set("x-amzn-RateLimit-Limit", String(limits[op].rate));
    if (fault === "malformed") return (stats.faults.malformed++, res.type("application/json").send('{"orders":[{"orderId":'));
    next();
  };

  const page = (st: SearchState) => {
    const all = sorted().filter((o) => o.channelUpdatedAt > st.after && (!st.statuses || st.statuses.includes(statusOf(o))) && (!st.by || (o.fulfilment === "marketplace" ? "AMAZON" : "MERCHANT") === st.by)
      && (!st.pos || o.channelUpdatedAt > st.pos[0] || (o.channelUpdatedAt === st.pos[0] && o.externalId > st.pos[1])));
    const items = all.slice(0, st.size);
    const last = items.at(-1);
    return { items, next: all.length > st.size && last ? encodePageToken({ ...st, pos: [last.channelUpdatedAt, last.externalId] }) : undefined };
  };

  const readSearch = (q: Record<string, unknown>, names: { after: string; created: string; statuses: string; size: string; token: string }, res: Response): SearchState | null => {
    const token = q[names.token];
    if (typeof token === "string") {
      const st = decodePageToken<SearchState>(token);
      if (!st) return (err(res, 400, "InvalidInput", `Invalid ${names.token}`), null);
      return st;
    }
    const after = q[names.after];
    if (typeof after !== "string" || q[names.created] !== undefined) return (err(res, 400, "InvalidInput", `Exactly one of ${names.created} or ${names.after} is required`), null);
    const size = Number(q[names.size] ?? 100);
    if (!Number.isInteger(size) || size < 1 || size > 100) return (err(res, 400, "InvalidInput", `${names.size} must be 1-100`), null);
    const statuses = typeof q[names.statuses] === "string" ? String(q[names.statuses]).split(",") : null;
    return { after: new Date(after).toISOString(), statuses, by: typeof q["fulfilledBy"] === "string" ? q["fulfilledBy"] : null, size, pos: null };
  };

  app.get("/orders/2026-01-01/orders", guard("searchOrders"), (req, res) => {
    const st = readSearch(req.query, { after: "lastUpdatedAfter", created: "createdAfter", statuses: "fulfillmentStatuses", size: "maxResultsPerPage", token: "paginationToken" }, res);
    if (!st) return;
    const p = page(st);
    res.json({ orders: p.items.map((o) => toAmazon2026(o, statusOf(o))), ...(p.next && { pagination: { nextToken: p.next } }), lastUpdatedBefore: new Date(Date.now() - 120_000).toISOString() });
  });
  app.get("/orders/2026-01-01/orders/:id", guard("getOrder"), (req, res) => {
    const o = orders.get(String(req.params["id"]));
    return o ? res.json({ order: toAmazon2026(o, statusOf(o)) }) : err(res, 404, "NotFound", "Order not found");
  });
  app.get("/orders/v0/orders", guard("getOrders"), (req, res) => {
    if (typeof req.query["NextToken"] !== "string" && typeof req.query["MarketplaceIds"] !== "string") return err(res, 400, "InvalidInput", "MarketplaceIds is required");
    const V0: Record<string, string> = { Unshipped: "UNSHIPPED", PartiallyShipped: "PARTIALLY_SHIPPED", Shipped: "SHIPPED", Canceled: "CANCELLED", Pending: "PENDING" };
    const q = { ...req.query, ...(typeof req.query["OrderStatuses"] === "string" && { OrderStatuses: req.query["OrderStatuses"].split(",").map((s) => V0[s] ?? s).join(",") }) };
    const st = readSearch(q, { after: "LastUpdatedAfter", created: "CreatedAfter", statuses: "OrderStatuses", size: "MaxResultsPerPage", token: "NextToken" }, res);
    if (!st) return;
    const p = page(st);
    res.json({ payload: { Orders: p.items.map((o) => toAmazonV0(o, statusOf(o))), ...(p.next && { NextToken: p.next }), LastUpdatedBefore: new Date(Date.now() - 120_000).toISOString() } });
  });
  app.get("/orders/v0/orders/:id/orderItems", guard("getOrderItems"), (req, res) => {
    const o = orders.get(String(req.params["id"]));
    return o ? res.json({ payload: { AmazonOrderId: o.externalId, OrderItems: toAmazonV0Items(o) } }) : err(res, 404, "NotFound", "Order not found");
  });

  const server = await listen(app, opts.port ?? 0);
  return {
    url: server.url,
    credentials: creds,
    stats: (): EmulatorStats => structuredClone(stats),
    addOrder: (o: SalesOrder, opt: { pending?: boolean } = {}) => {
      orders.set(o.externalId, o);
      if (opt.pending) pending.add(o.externalId);
      else pending.delete(o.externalId);
    },
    updateOrder: (id: string, change: (o: SalesOrder) => SalesOrder) => {
      const cur = orders.get(id);
      if (!cur) throw new Error(`no order ${id}`);
      orders.set(id, change(cur));
      pending.delete(id);
    },
    /** Makes every access token issued so far expired, as an hour passing would. */
    expireTokens: () => { for (const k of tokens.keys()) tokens.set(k, 0); },
    close: () => server.close(),
  };
};
export type AmazonEmulator = Awaited<ReturnType<typeof startAmazonEmulator>>;
