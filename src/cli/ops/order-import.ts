import type { ChannelConfig } from "../../config/channel.schema.js";
import type { MapResult } from "../../connectors/marketplaces/index.js";
import type { ChannelKind, SalesOrder } from "../../domain/order.js";
import { NotFoundError, UsageError } from "./cli-errors.js";
import { createProgress } from "../progress.js";
import type { Core } from "./with-core.js";

export type OrderFileFormat = "shopify-orders" | "amazon-orders";

const KIND_OF: Record<OrderFileFormat, ChannelKind> = { "shopify-orders": "shopify", "amazon-orders": "amazon" };
const article = (kind: ChannelKind): string => `${kind === "amazon" ? "an" : "a"} ${kind}`;

/**
 * The configured channel a file's orders go to. An unknown id would store orders under a channel
 * nothing polls or reports on consistently, and the other kind's channel would mix Amazon orders
 * into a Shopify store's (and its SKU rules and locations), so both are refused before anything is stored.
 */
export const importChannel = (channels: readonly ChannelConfig[], format: OrderFileFormat, id: string): ChannelConfig => {
  const kind = KIND_OF[format];
  const fitting = channels.filter((c) => c.kind === kind).map((c) => c.id);
  const choices = fitting.length > 0 ? `configured ${kind} channels: ${fitting.join(", ")}` : `no ${kind} channel is configured (add config/channels/<id>.yaml with kind: ${kind})`;
  const channel = channels.find((c) => c.id === id);
  // A name nothing configures: --help cannot help, the list of channels can (exit 2 all the same).
  if (!channel) throw new NotFoundError(`channel ${id} is not in the configuration; ${choices}`);
  if (channel.kind !== kind) throw new UsageError(`channel ${id} is ${article(channel.kind)} channel; ${format} imports need ${article(kind)} channel (${choices})`);
  return channel;
};

/**
 * complete: every record accepted (stored, unchanged, or deferred as not demand yet);
 * partial: some orders accepted, some quarantined; rejected: records read, none accepted.
 */
export type ImportOutcome = "complete" | "partial" | "rejected";

/** Exit codes of an import that ran; 2 (refused before anything was stored) and 1 (failed) come from the command. */
export const IMPORT_EXIT: Record<ImportOutcome, number> = { complete: 0, partial: 3, rejected: 4 };

export interface ImportSummary {
  file: string;
  channel: string;
  format: OrderFileFormat;
  rowsRead: number;
  orders: { mapped: number; created: number; updated: number; unchanged: number; stale: number };
  /** A partition: stock + unmapped + nonInventory = total. */
  lines: { total: number; stock: number; unmapped: number; nonInventory: number };
  evaluationsQueued: number;
  deferred: number;
  quarantined: number;
  topReasons: { reason: string; count: number }[];
  outcome: ImportOutcome;
  exitCode: number;
}

/** Reasons read "AREA.CODE: detail"; grouping by the code keeps the top list short. */
const reasonKey = (reason: string): string => reason.split(":")[0]?.trim() || reason;

export const topReasons = (reasons: readonly string[], limit = 5): { reason: string; count: number }[] => {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(reasonKey(r), (counts.get(reasonKey(r)) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)).slice(0, limit);
};

/**
 * Each line in exactly one group, so the groups add up to the total: a SKU-less gift card is
 * non-inventory (it never needs stock), not also UNMAPPED; UNMAPPED counts only stock lines
 * without a SKU, the ones that become "no SKU" exceptions.
 */
export const lineCounts = (orders: readonly SalesOrder[]): ImportSummary["lines"] => {
  const counts = { total: 0, stock: 0, unmapped: 0, nonInventory: 0 };
  for (const l of orders.flatMap((o) => o.lines)) {
    counts.total++;
    if (l.kind !== "stock") counts.nonInventory++;
    else if (l.sku === null || l.flags.includes("UNMAPPED")) counts.unmapped++;
    else counts.stock++;
  }
  return counts;
};

export const importOutcome = (accepted: number, quarantined: number): ImportOutcome =>
  quarantined === 0 ? "complete" : accepted > 0 ? "partial" : "rejected";

/** Stores one mapped order; a new or changed version gets its evaluation queued (job id per version). */
export const storeOrder = async (core: Core, order: SalesOrder): Promise<"created" | "updated" | "unchanged" | "stale"> => {
  const { outcome, version } = await core.deps.orders.upsertOrder(order);
  if (outcome === "created" || outcome === "updated") await core.deps.next.evaluate({ channel: order.channel, externalId: order.externalId, version });
  return outcome;
};

/** Upserts every mapped order and quarantines every rejected record of one merchant file. */
export const importMapped = async (
  core: Core,
  input: { file: string; fileName: string; channel: string; format: OrderFileFormat; rowsRead: number; mapped: MapResult; quiet: boolean },
): Promise<ImportSummary> => {
  const { mapped } = input;
  const orders = { mapped: mapped.orders.length, created: 0, updated: 0, unchanged: 0, stale: 0 };
  const progress = createProgress({ label: `import ${input.fileName}`, total: mapped.orders.length + mapped.rejected.length, silent: input.quiet });
  let queued = 0;
  for (const order of mapped.orders) {
    const outcome = await storeOrder(core, order);
    orders[outcome]++;
    if (outcome === "created" || outcome === "updated") queued++;
    progress.tick();
  }
  for (const r of mapped.rejected) {
    await core.quarantine.add({ channel: input.channel, source: `import ${input.fileName}`, ref: r.ref, reason: r.reason, payload: r.payload });
    progress.tick();
  }
  progress.done();
  const deferred = mapped.deferred?.length ?? 0;
  const outcome = importOutcome(mapped.orders.length + deferred, mapped.rejected.length);
  return {
    file: input.file, channel: input.channel, format: input.format, rowsRead: input.rowsRead, orders, lines: lineCounts(mapped.orders),
    evaluationsQueued: queued, deferred, quarantined: mapped.rejected.length,
    topReasons: topReasons(mapped.rejected.map((r) => r.reason)), outcome, exitCode: IMPORT_EXIT[outcome],
  };
};

const resultLine = (s: ImportSummary): string => {
  const records = s.orders.mapped + s.deferred + s.quarantined;
  if (s.outcome === "complete") return records === 0 ? "no orders in the file" : `all ${records} orders accepted`;
  const accepted = `${s.orders.mapped + s.deferred} of ${records} orders accepted, ${s.quarantined} quarantined`;
  return s.outcome === "partial" ? `PARTIAL: ${accepted} (see backorder quarantine list)` : `NOTHING IMPORTED: ${accepted} (see backorder quarantine list)`;
};

export const renderImportSummary = (s: ImportSummary): string =>
  [
    `Import of ${s.file} (${s.format}) into channel ${s.channel}`,
    `  rows read:          ${s.rowsRead}`,
    `  orders:             ${s.orders.mapped} mapped — ${s.orders.created} created, ${s.orders.updated} updated, ${s.orders.unchanged} unchanged, ${s.orders.stale} stale (older than stored)`,
    `  lines:              ${s.lines.total} — ${s.lines.stock} stock with SKU, ${s.lines.unmapped} stock without SKU (UNMAPPED, shown as exceptions), ${s.lines.nonInventory} non-inventory (gift cards, items needing no shipping)`,
    `  evaluations queued: ${s.evaluationsQueued}`,
    ...(s.deferred > 0 ? [`  deferred:           ${s.deferred} (not demand yet, e.g. Amazon Pending)`] : []),
    `  quarantined:        ${s.quarantined}${s.topReasons.length ? ` — top reasons: ${s.topReasons.map((r) => `${r.reason} ×${r.count}`).join(", ")}` : ""}`,
    `  result:             ${resultLine(s)} (exit ${s.exitCode})`,
  ].join("\n");
