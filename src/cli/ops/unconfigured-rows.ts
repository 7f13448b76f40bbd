import type { ReadResult } from "../plan/plan-errors.js";
import { readTableForPlan } from "../plan/table.js";

export interface UnconfiguredRule<T> {
  /** The CSV column and the item field that name the configured thing: "location", "vendor". */
  column: string;
  valueOf: (item: T) => string;
  known: ReadonlySet<string>;
  code: string;
}

/**
 * Rows naming a location or vendor the configuration does not know become skipped rows like the
 * file's other bad rows: nothing could ever use them (stock never allocated, an offer no vendor
 * window buys), and a typo (`mian`, `acme-suplies`) would pass unseen. The reader gives every row
 * either an item or an exception, in row order, with refs `<file>: row N`.
 */
export const refuseUnconfigured = <T>(read: ReadResult<T>, text: string, file: string, rule: UnconfiguredRule<T>): ReadResult<T> => {
  const reported = new Map(read.exceptions.map((e) => [e.ref, e]));
  const exceptions: ReadResult<T>["exceptions"] = [];
  const list = [...rule.known].sort().join(", ") || "none";
  for (const { row, cells } of readTableForPlan(text).rows) {
    const ref = `${file}: row ${row}`;
    const value = (cells[rule.column] ?? "").trim();
    const earlier = reported.get(ref);
    if (earlier) exceptions.push(earlier);
    else if (!rule.known.has(value)) {
      exceptions.push({ ref, code: rule.code, reason: `${(cells.sku ?? "").trim()}: ${rule.column} "${value}" is not in the configuration (${rule.column}s: ${list})` });
    }
    reported.delete(ref);
  }
  return { items: read.items.filter((i) => rule.known.has(rule.valueOf(i))), exceptions: [...exceptions, ...reported.values()] };
};
