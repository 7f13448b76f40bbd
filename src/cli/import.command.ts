import { readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { parseDelimited } from "../connectors/marketplaces/csv.js";
import { parseAmazonAllOrdersTsv, parseShopifyOrdersCsv } from "../connectors/marketplaces/index.js";
import { UsageError } from "./ops/cli-errors.js";
import { importMapped, renderImportSummary, type OrderFileFormat } from "./ops/order-import.js";
import { fail, printJson, withCore } from "./ops/with-core.js";

const OptionsSchema = z.object({
  channel: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a channel id such as shopify-main (lower case, digits, '-')"),
  json: z.boolean().optional(),
  configDir: z.string().optional(),
});

const FORMATS: Record<OrderFileFormat, { sep: string; parse: typeof parseShopifyOrdersCsv; what: string }> = {
  "shopify-orders": { sep: ",", parse: parseShopifyOrdersCsv, what: "Shopify admin orders export (CSV)" },
  "amazon-orders": { sep: "\t", parse: parseAmazonAllOrdersTsv, what: "Amazon All Orders report (TSV)" },
};

const readInput = (file: string): string => {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
};

const runImport = async (format: OrderFileFormat, file: string, raw: unknown): Promise<void> => {
  const command = `import ${format}`;
  const parsed = OptionsSchema.safeParse(raw);
  if (!parsed.success) return fail(command, new UsageError(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")));
  const opts = parsed.data;
  let text: string;
  try {
    text = readInput(file);
  } catch (err) {
    return fail(command, err);
  }
  const { sep, parse } = FORMATS[format];
  const mapped = parse(text, opts.channel);
  // A file whose header lacks the required columns is the wrong file, not a bad row.
  const header = mapped.rejected.find((r) => r.ref === "file");
  if (header) return fail(command, new UsageError(`${file}: ${header.reason}`));
  const rowsRead = Math.max(0, parseDelimited(text, sep).length - 1);
  await withCore(command, opts, async (core) => {
    if (!core.config.channels.some((c) => c.id === opts.channel)) process.stderr.write(`note: channel ${opts.channel} is not in the configuration\n`);
    const summary = await importMapped(core, { file, fileName: path.basename(file), channel: opts.channel, format, rowsRead, mapped, quiet: opts.json === true });
    if (opts.json) printJson(summary);
    else process.stdout.write(`${renderImportSummary(summary)}\n`);
  });
};

/** `backorder import shopify-orders|amazon-orders FILE --channel ID`: merchant exports into the pipeline. */
export const registerImportCommand = (program: Command): void => {
  const cmd = program.command("import").description("Import merchant order files into the pipeline (idempotent)");
  for (const [format, { what }] of Object.entries(FORMATS) as [OrderFileFormat, (typeof FORMATS)[OrderFileFormat]][]) {
    cmd
      .command(format)
      .description(`Import a ${what}: upsert orders, queue evaluations, quarantine bad records`)
      .argument("<file>", "the export file")
      .requiredOption("--channel <id>", "channel the orders belong to")
      .option("--json", "print the summary as JSON")
      .option("--config-dir <dir>", "configuration folder")
      .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
      .action((file: string, opts: unknown) => runImport(format, file, opts));
  }
};
