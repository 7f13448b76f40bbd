import {
  mapAmazonOrder2026,
  mapAmazonV0Order,
  mapShopifyGraphqlOrder,
  mapShopifyRestOrder,
  parseAmazonAllOrdersTsv,
  parseShopifyOrdersCsv,
} from "../../connectors/marketplaces/index.js";
import type { MapOne, MapResult } from "../../connectors/marketplaces/index.js";
import type { SalesOrder } from "../../domain/index.js";
import { NormalisedOrderSchema, looksNormalised } from "./normalised.schemas.js";
import { PlanUsageError } from "./plan-errors.js";
import type { ReadResult } from "./plan-errors.js";

export type OrderFormat = "json" | "shopify-csv" | "amazon-tsv";

/** Format by content: JSON starts with [ or {; the two flat files by their header names. */
export const detectOrderFormat = (text: string): OrderFormat | null => {
  const head = text.replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("[") || head.startsWith("{")) return "json";
  const firstLine = head.split(/\r?\n/, 1)[0] ?? "";
  if (firstLine.includes("\t") && firstLine.includes("amazon-order-id")) return "amazon-tsv";
  if (firstLine.includes("Lineitem quantity") && firstLine.startsWith("Name,")) return "shopify-csv";
  return null;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const mapNormalised = (v: Record<string, unknown>, index: number): MapOne => {
  const r = NormalisedOrderSchema.safeParse(v);
  if (!r.success) {
    const reason = r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    return { ok: false, rejection: { ref: `record ${index + 1} (${String(v.externalId ?? "?")})`, reason: `ORDER.INVALID: ${reason}`, payload: v } };
  }
  const o = r.data;
  const order: SalesOrder = { ...o, orderNumber: o.orderNumber ?? o.externalId, channelUpdatedAt: o.channelUpdatedAt ?? o.placedAt };
  return { ok: true, order };
};

/** One JSON element → one order, choosing the mapper by the shape it has. */
const mapJsonElement = (v: unknown, index: number, channel: string | undefined): MapOne => {
  if (!isObject(v)) return { ok: false, rejection: { ref: `record ${index + 1}`, reason: "ORDER.UNPARSEABLE: not a JSON object", payload: v } };
  if (looksNormalised(v)) return mapNormalised(v, index);
  if ("line_items" in v) return mapShopifyRestOrder(v, channel ?? "shopify");
  if ("lineItems" in v) return mapShopifyGraphqlOrder(v, channel ?? "shopify");
  if ("orderId" in v) return mapAmazonOrder2026(v, channel ?? "amazon");
  if ("AmazonOrderId" in v) return mapAmazonV0Order(v, Array.isArray(v.OrderItems) ? v.OrderItems : [], channel ?? "amazon");
  if (isObject(v.order) && "AmazonOrderId" in v.order) {
    const items = Array.isArray(v.items) ? v.items : Array.isArray(v.orderItems) ? v.orderItems : [];
    return mapAmazonV0Order(v.order, items, channel ?? "amazon");
  }
  return { ok: false, rejection: { ref: `record ${index + 1}`, reason: "ORDER.UNKNOWN_SHAPE: neither a Shopify, an Amazon nor a normalised order", payload: v } };
};

const jsonElements = (text: string, file: string): unknown[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new PlanUsageError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (Array.isArray(parsed)) return parsed;
  // List responses wrap the array: Shopify {orders:[…]}, Amazon v2026 {orders:[…]}, v0 {payload:{Orders:[…]}}.
  if (isObject(parsed) && Array.isArray(parsed.orders)) return parsed.orders;
  return [parsed];
};

const mapText = (text: string, file: string, format: OrderFormat, channel: string | undefined): MapResult => {
  if (format === "shopify-csv") return parseShopifyOrdersCsv(text, channel ?? "shopify");
  if (format === "amazon-tsv") return parseAmazonAllOrdersTsv(text, channel ?? "amazon");
  const results = jsonElements(text, file).map((v, i) => mapJsonElement(v, i, channel));
  const out: MapResult = { orders: [], rejected: [], deferred: [] };
  for (const r of results) {
    if (r.ok === true) out.orders.push(r.order);
    else if (r.ok === false) out.rejected.push(r.rejection);
    else out.deferred?.push(r.deferral);
  }
  return out;
};

const codeOf = (reason: string): string => /^([A-Z_]+\.[A-Z_]+):/.exec(reason)?.[1] ?? "ORDER.REJECTED";
const reasonOf = (reason: string): string => reason.replace(/^[A-Z_]+\.[A-Z_]+:\s*/, "");

/** Reads one orders file of any supported format; rejected records become exceptions. */
export const readOrders = (text: string, file: string, opts: { format?: OrderFormat | undefined; channel?: string | undefined }): ReadResult<SalesOrder> => {
  const format = opts.format ?? detectOrderFormat(text);
  if (!format) throw new PlanUsageError(`${file}: unknown orders format (expected JSON, a Shopify "Export orders" CSV or an Amazon All Orders TSV); use --format`);
  const r = mapText(text, file, format, opts.channel);
  const fileLevel = r.rejected.find((x) => x.ref === "file");
  if (fileLevel && r.orders.length === 0) throw new PlanUsageError(`${file}: ${fileLevel.reason}`);
  const exceptions = [
    ...r.rejected.map((x) => ({ ref: `${file}: ${x.ref}`, code: codeOf(x.reason), reason: reasonOf(x.reason) })),
    ...(r.deferred ?? []).map((x) => ({ ref: `${file}: ${x.ref}`, code: codeOf(x.reason), reason: reasonOf(x.reason) })),
  ];
  return { items: r.orders, exceptions };
};
