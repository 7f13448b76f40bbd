import { readInputBytes } from "./ops/file-import.js";
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { decodeText, looksLike, parseDelimited } from "../connectors/marketplaces/csv.js";
import { parseAmazonAllOrdersTsv, parseShopifyOrdersCsv } from "../connectors/marketplaces/index.js";
import { UsageError } from "./ops/cli-errors.js";
import { optionUsageError } from "./ops/option-issues.js";
import { importChannel, importMapped, renderImportSummary, type OrderFileFormat } from "./ops/order-import.js";
import { fail, printJson, withCore } from "./ops/with-core.js";
import { printableLines } from "./ops/printable.js";

const OptionsSchema = z.object({
  // Messages follow the option's name (optionUsageError): "--channel must be a channel id ...".
  channel: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a channel id such as shopify-main (lower case, digits, '-')"),
  json: z.boolean().optional(),
  configDir: z.string().optional(),
});

interface FormatSpec {
  sep: string;
  area: string;
  parse: typeof parseShopifyOrdersCsv;
  what: string;
  /** looksLike()'s name for this format, to point a mixed-up file at the other command. */
  shape: "shopify-csv" | "amazon-tsv";
}

const FORMATS: Record<OrderFileFormat, FormatSpec> = {
  "shopify-orders": { sep: ",", area: "SHOPIFY_CSV", parse: parseShopifyOrdersCsv, what: "a Shopify admin orders export (CSV)", shape: "shopify-csv" },
  "amazon-orders": { sep: "\t", area: "AMAZON_TSV", parse: parseAmazonAllOrdersTsv, what: "an Amazon All Orders report (TSV)", shape: "amazon-tsv" },
};

/** The file as UTF-8 text; an unreadable, empty or non-text file is refused as an argument we cannot use. */
const readInput = (file: string, spec: FormatSpec): string => {
  const decoded = decodeText(readInputBytes(file));
  if ("problem" in decoded) throw new UsageError(`${file}: ${spec.area}.${decoded.problem.code}: ${decoded.problem.detail}; expected ${spec.what}`);
  return decoded.text;
};

const otherCommand = (text: string, format: OrderFileFormat): string => {
  const other = (Object.keys(FORMATS) as OrderFileFormat[]).find((f) => f !== format && FORMATS[f].shape === looksLike(text));
  return other ? ` (import it with: backorder import ${other} FILE --channel ID)` : "";
};

const runImport = async (format: OrderFileFormat, file: string, raw: unknown): Promise<void> => {
  const command = `import ${format}`;
  const parsed = OptionsSchema.safeParse(raw);
  if (!parsed.success) return fail(command, optionUsageError(parsed.error));
  const opts = parsed.data;
  const spec = FORMATS[format];
  let text: string;
  try {
    text = readInput(file, spec);
  } catch (err) {
    return fail(command, err);
  }
  const mapped = spec.parse(text, opts.channel);
  // An empty, binary or wrong file is the wrong argument, not a bad row: nothing is stored.
  const fileLevel = mapped.rejected.find((r) => r.ref === "file");
  if (fileLevel) return fail(command, new UsageError(`${file}: ${fileLevel.reason}${otherCommand(text, format)}`));
  const rowsRead = Math.max(0, parseDelimited(text, spec.sep).length - 1);
  await withCore(command, opts, async (core) => {
    importChannel(core.config.channels, format, opts.channel);
    const summary = await importMapped(core, { file, fileName: path.basename(file), channel: opts.channel, format, rowsRead, mapped, quiet: opts.json === true });
    if (opts.json) printJson(summary);
    else process.stdout.write(`${printableLines(renderImportSummary(summary))}\n`);
    return summary.exitCode;
  });
};

/** `backorder import shopify-orders|amazon-orders FILE --channel ID`: merchant exports into the pipeline. */
export const registerImportCommand = (program: Command): void => {
  const cmd = program.command("import").description("Import merchant order files into the pipeline (idempotent)");
  for (const [format, { what }] of Object.entries(FORMATS) as [OrderFileFormat, FormatSpec][]) {
    cmd
      .command(format)
      .description(`Import ${what}: upsert orders, queue evaluations, quarantine bad records. Exit 0 all accepted, 3 some quarantined, 4 none accepted, 2 refused (nothing stored), 1 failed`)
      .argument("<file>", "the export file")
      .requiredOption("--channel <id>", `a configured ${format === "shopify-orders" ? "shopify" : "amazon"} channel the orders belong to`)
      .option("--json", "print the summary as JSON")
      .option("--config-dir <dir>", "configuration folder")
      .action((file: string, opts: unknown) => runImport(format, file, opts));
  }
};
