import type { LineAllocation } from "./allocation.js";

export interface Ratio {
  backordered: number;
  total: number;
  /** backordered / total × 100, rounded to 2 decimals; 0 when total is 0. */
  percent: number;
}

const pct = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100);

/** % of items backordered by units and by lines, and the fill rate (units served from stock). */
export const backorderRates = (
  lines: readonly Pick<LineAllocation, "needed" | "shortfall">[],
): { units: Ratio; lines: Ratio; fillRatePercent: number } => {
  const demand = lines.filter((l) => l.needed > 0);
  const units = demand.reduce((s, l) => s + l.needed, 0);
  const short = demand.reduce((s, l) => s + l.shortfall, 0);
  const shortLines = demand.filter((l) => l.shortfall > 0).length;
  return {
    units: { backordered: short, total: units, percent: pct(short, units) },
    lines: { backordered: shortLines, total: demand.length, percent: pct(shortLines, demand.length) },
    fillRatePercent: units === 0 ? 100 : pct(units - short, units),
  };
};

/** Nearest-rank percentile (p in 0..100) of already-sorted values; undefined for none. */
export const percentile = (sorted: readonly number[], p: number): number | undefined => {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
};

/** Median as the mean of the two middle values for an even count. */
export const median = (sorted: readonly number[]): number | undefined => {
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const DAY_MS = 86_400_000;
const days = (from: string, to: string): number => Math.round(((Date.parse(to) - Date.parse(from)) / DAY_MS) * 100) / 100;

/** Backorder days per order, hold → release; orders still on hold are measured up to `asOf`. */
export const backorderDays = (
  holds: readonly { order: string; heldAt: string; releasedAt?: string | null | undefined }[],
  asOf: string,
): { perOrder: { order: string; days: number; open: boolean }[]; median: number | undefined; p90: number | undefined } => {
  const perOrder = holds.map((h) => ({ order: h.order, days: days(h.heldAt, h.releasedAt ?? asOf), open: !h.releasedAt }));
  const sorted = perOrder.map((o) => o.days).sort((a, b) => a - b);
  return { perOrder, median: median(sorted), p90: percentile(sorted, 90) };
};

/** Per vendor: promised lead time (offer days) versus actual (issued → fully received), in days. */
export const vendorLeadTimes = (
  pos: readonly { vendor: string; issuedAt: string; receivedAt?: string | null | undefined; promisedDays: number }[],
): { vendor: string; orders: number; promisedAvgDays: number; actualAvgDays: number | undefined; lateCount: number }[] => {
  const byVendor = new Map<string, typeof pos[number][]>();
  for (const p of pos) byVendor.set(p.vendor, [...(byVendor.get(p.vendor) ?? []), p]);
  return [...byVendor.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([vendor, list]) => {
      const done = list.filter((p) => p.receivedAt);
      const actual = done.map((p) => days(p.issuedAt, p.receivedAt as string));
      const avg = (xs: number[]): number => Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100;
      return {
        vendor,
        orders: list.length,
        promisedAvgDays: avg(list.map((p) => p.promisedDays)),
        actualAvgDays: actual.length ? avg(actual) : undefined,
        lateCount: done.filter((p, i) => (actual[i] as number) > p.promisedDays).length,
      };
    });
};
