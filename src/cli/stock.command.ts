import path from "node:path";
import type { Command } from "commander";
import { requeueWaiting } from "../jobs/steps/requeue-waiting.js";
import { withLock } from "../shared/lock.js";
import { readStock } from "./plan/read-catalog.js";
import { printableLines } from "./ops/printable.js";
import { createProgress } from "./progress.js";
import { readText, renderFileImport, skippedOf, type FileImportSummary } from "./ops/file-import.js";
import { configuredLocations, refuseUnknownLocations } from "./ops/stock-locations.js";
import { fail, printJson, withCore } from "./ops/with-core.js";

/**
 * `backorder stock import stock.csv`: sets on-hand per SKU and location (a stock count). Committed
 * units are the pipeline's own bookkeeping and are left alone, so a `committed` column is ignored.
 * A row is applied only at a location the configuration knows; the others are reported as skipped.
 * Orders on hold for a SKU whose on-hand the count raised are evaluated again, as after a receipt.
 */
export const registerStockCommand = (program: Command): void => {
  program
    .command("stock")
    .description("Stock levels")
    .command("import")
    .description("Set on-hand stock from a CSV: sku,location,on_hand")
    .argument("<file>", "stock CSV")
    .option("--json", "print the summary as JSON")
    .option("--config-dir <dir>", "configuration folder")
    .action(async (file: string, opts: { json?: boolean; configDir?: string }) => {
      let text: string;
      let parsed: ReturnType<typeof readStock>;
      try {
        text = readText(file);
        parsed = readStock(text, path.basename(file));
      } catch (err) {
        return fail("stock import", err);
      }
      await withCore("stock import", opts, async (core) => {
        const read = refuseUnknownLocations(parsed, text, path.basename(file), configuredLocations(core.config));
        const progress = createProgress({ label: "stock", total: read.items.length, silent: opts.json === true });
        const rose = new Set<string>();
        for (const level of read.items) {
          // FerretDB applies updates non-atomically: a running evaluation of the SKU must not interleave.
          const before = await withLock(core.redis, `sku:${level.sku}`, () => core.deps.stock.setOnHand(level.sku, level.location, level.onHand));
          if (level.onHand > before) rose.add(level.sku);
          progress.tick();
        }
        progress.done();
        // Before, an order on hold for a SKU stayed on hold after a count raised it, until some receipt.
        const reevaluated = await requeueWaiting(core.deps, [...rose]);
        const summary: FileImportSummary = { file, imported: read.items.length, skipped: skippedOf(read.exceptions) };
        if (opts.json) printJson({ ...summary, ordersReevaluated: reevaluated });
        else process.stdout.write(`${printableLines(renderFileImport("stock level(s)", summary))}\n${reevaluated > 0 ? `orders on hold for SKUs whose on-hand rose, queued for evaluation: ${reevaluated}\n` : ""}`);
      });
    });
};
