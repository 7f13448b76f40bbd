import path from "node:path";
import type { Command } from "commander";
import { readOffers } from "./plan/read-catalog.js";
import { createProgress } from "./progress.js";
import { printableLines } from "./ops/printable.js";
import { readText, renderFileImport, skippedOf, type FileImportSummary } from "./ops/file-import.js";
import { refuseUnknownVendors } from "./ops/offer-vendors.js";
import { fail, printJson, withCore } from "./ops/with-core.js";
import { requeueForOffers } from "../jobs/steps/requeue-waiting.js";

const CHUNK = 500;

/**
 * `backorder catalog import offers.csv`: vendor offers into MongoDB (the catalogue can be large).
 * Rows are read by the same reader `backorder plan` uses; bad rows and offers of vendors the
 * configuration does not know are reported and skipped.
 */
export const registerCatalogCommand = (program: Command): void => {
  program
    .command("catalog")
    .description("Vendor offer catalogue")
    .command("import")
    .description("Import offers: sku,vendor,vendor_sku,unit_cost,currency,moq,case_pack,lead_time_days,preferred,dropship")
    .argument("<file>", "offers CSV")
    .option("--json", "print the summary as JSON")
    .option("--config-dir <dir>", "configuration folder")
    .action(async (file: string, opts: { json?: boolean; configDir?: string }) => {
      let text: string;
      let parsed: ReturnType<typeof readOffers>;
      try {
        text = readText(file);
        parsed = readOffers(text, path.basename(file));
      } catch (err) {
        return fail("catalog import", err);
      }
      await withCore("catalog import", opts, async (core) => {
        const read = refuseUnknownVendors(parsed, text, path.basename(file), core.config);
        const progress = createProgress({ label: "offers", total: read.items.length, silent: opts.json === true });
        for (let i = 0; i < read.items.length; i += CHUNK) {
          const chunk = read.items.slice(i, i + CHUNK);
          await core.deps.offers.upsertMany(chunk);
          progress.tick(chunk.length);
        }
        progress.done();
        const reevaluated = await requeueForOffers(core.deps, read.items.map((o) => o.sku));
        const summary: FileImportSummary = { file, imported: read.items.length, skipped: skippedOf(read.exceptions) };
        if (opts.json) printJson({ ...summary, offersStored: await core.deps.offers.count(), ordersReevaluated: reevaluated });
        else process.stdout.write(`${printableLines(renderFileImport("offer(s)", summary))}\n${reevaluated > 0 ? `orders with "no offer" lines queued for evaluation: ${reevaluated}\n` : ""}`);
      });
    });
};
