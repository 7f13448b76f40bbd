import type { Command } from "commander";
import { printableLines } from "./ops/printable.js";
import { PlanUsageError } from "./plan/plan-errors.js";
import { runPlan } from "./plan/run-plan.js";
import type { PlanOptions } from "./plan/run-plan.js";

/** `backorder plan`: the domain's decisions on files, with no service running (a dry run). */
export const registerPlanCommand = (program: Command): void => {
  program
    .command("plan")
    .description("Dry run: allocate orders against stock, cover shortfalls and plan supplier POs from files")
    .requiredOption("--orders <files...>", "orders: JSON (Shopify, Amazon or normalised), Shopify export CSV or Amazon All Orders TSV")
    .requiredOption("--stock <file>", "stock CSV: sku,location,on_hand[,committed]")
    .requiredOption("--catalog <file>", "offers CSV: sku,vendor,vendor_sku,unit_cost,currency,moq,case_pack,lead_time_days,preferred,dropship")
    .option("--open-pos <file>", "open purchase orders (JSON array)")
    .option("--config-dir <dir>", "config directory with channels/ and vendors/")
    .option("--now <iso>", "planning instant (ISO-8601); also the batch window start")
    .option("--format <format>", "orders format for every file: json, shopify-csv or amazon-tsv")
    .option("--channel <id>", "channel id for orders whose format carries none")
    .option("--max-wait-days <days>", "issue a PO below the vendor minimum once a line waited this long (default 7)")
    .option("--json", "print one JSON object instead of tables")
    // The issue fixes exit 2 for unusable arguments; commander's own default would be 1.
    .exitOverride((err) => {
      if (err.exitCode !== 0) process.exit(2);
      process.exit(0);
    })
    .action((opts: PlanOptions) => {
      try {
        const { output, exitCode } = runPlan(opts);
        process.stdout.write(`${output}\n`);
        process.exitCode = exitCode;
      } catch (err) {
        if (!(err instanceof PlanUsageError)) throw err;
        process.stderr.write(`backorder plan: ${printableLines(err.message)}\n`);
        process.exitCode = 2;
      }
    });
};
