import type { MapResult } from "../../connectors/marketplaces/index.js";
import type { SalesOrder } from "../../domain/order.js";
import { createProgress } from "../progress.js";
import type { Core } from "./with-core.js";

export type OrderFileFormat = "shopify-orders" | "amazon-orders";

export interface ImportSummary {
  file: string;
  channel: string;
  format: OrderFileFormat;
  rowsRead: number;
  orders: { mapped: number; created: number; updated: number; unchanged: number; stale: number };
  lines: { total: number; stock: number; nonInventory: number; unmapped: number };
  evaluationsQueued: number;
  deferred: number;
  quarantined: number;
  topReasons: { reason: string; count: number }[];
}

/** Reasons read "AREA.CODE: detail"; grouping by the code keeps the top list short. */
const reasonKey = (reason: string): string => reason.split(":")[0]?.trim() || reason;

export const topReasons = (reasons: readonly string[], limit = 5): { reason: string; count: number }[] => {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(reasonKey(r), (counts.get(reasonKey(r)) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)).slice(0, limit);
};

const lineCounts = (orders: readonly SalesOrder[]): ImportSummary["lines"] => {
  const lines = orders.flatMap((o) => o.lines);
  return {
    total: lines.length,
    stock: lines.filter((l) => l.kind === "stock" && !l.flags.includes("UNMAPPED")).length,
    nonInventory: lines.filter((l) => l.kind !== "stock").length,
    unmapped: lines.filter((l) => l.flags.includes("UNMAPPED")).length,
  };
};

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
  return {
    file: input.file, channel: input.channel, format: input.format, rowsRead: input.rowsRead, orders, lines: lineCounts(mapped.orders),
    evaluationsQueued: queued, deferred: mapped.deferred?.length ?? 0, quarantined: mapped.rejected.length,
    topReasons: topReasons(mapped.rejected.map((r) => r.reason)),
  };
};

export const renderImportSummary = (s: ImportSummary): string =>
  [
    `Imported ${s.file} (${s.format}) into channel ${s.channel}`,
    `  rows read:          ${s.rowsRead}`,
    `  orders:             ${s.orders.mapped} mapped — ${s.orders.created} created, ${s.orders.updated} updated, ${s.orders.unchanged} unchanged, ${s.orders.stale} stale (older than stored)`,
    `  lines:              ${s.lines.total} — ${s.lines.stock} stock, ${s.lines.nonInventory} non-inventory, ${s.lines.unmapped} UNMAPPED (no SKU)`,
    `  evaluations queued: ${s.evaluationsQueued}`,
    ...(s.deferred > 0 ? [`  deferred:           ${s.deferred} (not demand yet, e.g. Amazon Pending)`] : []),
    `  quarantined:        ${s.quarantined}${s.topReasons.length ? ` — top reasons: ${s.topReasons.map((r) => `${r.reason} ×${r.count}`).join(", ")}` : ""}`,
  ].join("\n");
