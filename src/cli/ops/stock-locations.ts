import type { LoadedConfig } from "../../config/load-config.js";
import type { StockLevel } from "../../domain/index.js";
import type { ReadResult } from "../plan/plan-errors.js";
import { readTableForPlan } from "../plan/table.js";

/** Where stock can be: a channel's fulfilment location or a warehouse POs are shipped to. */
export const configuredLocations = (config: Pick<LoadedConfig, "app" | "channels">): Set<string> =>
  new Set([...config.channels.flatMap((c) => c.locations), ...Object.keys(config.app.warehouses)]);

/**
 * Rows naming a location the configuration does not know become skipped rows like the file's other
 * bad rows: their stock could never be allocated, and a typo (`mian`) would pass unseen.
 * readStock gives every row either an item or an exception, in row order, with refs `<file>: row N`.
 */
export const refuseUnknownLocations = (read: ReadResult<StockLevel>, text: string, file: string, known: ReadonlySet<string>): ReadResult<StockLevel> => {
  const reported = new Map(read.exceptions.map((e) => [e.ref, e]));
  const exceptions: ReadResult<StockLevel>["exceptions"] = [];
  for (const { row, cells } of readTableForPlan(text).rows) {
    const ref = `${file}: row ${row}`;
    const location = (cells.location ?? "").trim();
    const earlier = reported.get(ref);
    if (earlier) exceptions.push(earlier);
    else if (!known.has(location)) {
      exceptions.push({ ref, code: "STOCK.UNKNOWN_LOCATION", reason: `${(cells.sku ?? "").trim()}: location "${location}" is not in the configuration (locations: ${[...known].sort().join(", ")})` });
    }
    reported.delete(ref);
  }
  return { items: read.items.filter((i) => known.has(i.location)), exceptions: [...exceptions, ...reported.values()] };
};
