import { createHash } from "node:crypto";
import { mapShopifyRestOrder, parseAmazonAllOrdersTsv, parseShopifyOrdersCsv, type MapResult } from "../../connectors/marketplaces/index.js";
import type { QuarantineEntry } from "../../persistence/orders/quarantine.repository.js";
import { storeOrder } from "./order-import.js";
import type { Core } from "./with-core.js";

/** A short stable id for an entry: the repository's identity is (channel, ref, payload hash). */
export const quarantineId = (e: Pick<QuarantineEntry, "channel" | "ref" | "payloadHash">): string =>
  createHash("sha256").update(`${e.channel}|${e.ref}|${e.payloadHash}`).digest("hex").slice(0, 12);

const cell = (v: string, sep: string): string => (/["\r\n]/.test(v) || v.includes(sep) ? `"${v.replaceAll('"', '""')}"` : v);

/** File rows kept in quarantine back to file text, so the file's own mapper reads them again. */
export const rowsToText = (rows: readonly Record<string, string>[], sep: string): string => {
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [header, ...rows.map((r) => header.map((h) => r[h] ?? ""))].map((cells) => cells.map((c) => cell(c, sep)).join(sep)).join("\n");
};

const isRows = (p: unknown): p is Record<string, string>[] =>
  Array.isArray(p) && p.length > 0 && p.every((r) => r !== null && typeof r === "object" && !Array.isArray(r));

/** Picks the mapper that produced the entry: file rows by the reason's area, webhooks by source. */
export const remap = (e: QuarantineEntry): MapResult | string => {
  if (e.reason.startsWith("SHOPIFY_CSV.") && isRows(e.payload)) return parseShopifyOrdersCsv(rowsToText(e.payload, ","), e.channel);
  if (e.reason.startsWith("AMAZON_TSV.") && isRows(e.payload)) return parseAmazonAllOrdersTsv(rowsToText(e.payload, "\t"), e.channel);
  if (e.source.startsWith("webhook ")) {
    const one = mapShopifyRestOrder(e.payload, e.channel);
    return one.ok === true ? { orders: [one.order], rejected: [] } : one.ok === false ? { orders: [], rejected: [one.rejection] } : { orders: [], rejected: [], deferred: [one.deferral] };
  }
  return `entries from "${e.source}" cannot be replayed here; the channel's next sync fetches the order again`;
};

export type ReplayOutcome =
  | { ok: true; orders: { order: string; outcome: string }[] }
  | { ok: false; reason: string };

export const replayEntry = async (core: Core, e: QuarantineEntry): Promise<ReplayOutcome> => {
  const mapped = remap(e);
  if (typeof mapped === "string") return { ok: false, reason: mapped };
  if (mapped.orders.length === 0) {
    const why = mapped.rejected.map((r) => r.reason).concat((mapped.deferred ?? []).map((d) => d.reason));
    return { ok: false, reason: why.join("; ") || "nothing mapped" };
  }
  const orders: { order: string; outcome: string }[] = [];
  for (const o of mapped.orders) orders.push({ order: `${o.channel}:${o.externalId}`, outcome: await storeOrder(core, o) });
  return { ok: true, orders };
};
