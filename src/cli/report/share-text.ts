import type { Ratio } from "../../domain/metrics.js";

/** "12.5% of units (5/40)": a share of nothing is shown as "—", not 0% backordered and 100% filled. */
export const shareText = (r: Ratio, what: string): string => (r.total === 0 ? `— of ${what} (no demand)` : `${r.percent}% of ${what} (${r.backordered}/${r.total})`);

export const fillRateText = (units: Ratio, fillRatePercent: number): string => (units.total === 0 ? "—" : `${fillRatePercent}%`);
