import type { Command } from "commander";
import { UsageError } from "./cli-errors.js";
import { fail, parseOrderRef, printJson, withCore } from "./with-core.js";

/** `backorder events --order CHANNEL:ID | --po PO`: the audit trail of one order or PO. */
export const registerEventsCommand = (program: Command): void => {
  program
    .command("events")
    .description("Audit trail of an order or a purchase order")
    .option("--order <ref>", "CHANNEL:ID")
    .option("--po <poNumber>", "purchase order number")
    .option("--json", "print as JSON")
    .option("--config-dir <dir>", "configuration folder")
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action(async (opts: { order?: string; po?: string; json?: boolean; configDir?: string }) => {
      let ref: string;
      try {
        if ((opts.order === undefined) === (opts.po === undefined)) throw new UsageError("give exactly one of --order CHANNEL:ID or --po PO");
        ref = opts.order !== undefined ? (({ channel, externalId }) => `${channel}:${externalId}`)(parseOrderRef(opts.order)) : (opts.po as string);
      } catch (err) {
        return fail("events", err);
      }
      await withCore("events", opts, async (core) => {
        const events = await core.deps.events.forRef(ref);
        if (opts.json) return printJson(events);
        const rows = events.map((e) => `${e.at} ${e.entity} ${e.what}${e.from || e.to ? ` ${e.from ?? ""}→${e.to ?? ""}` : ""}${e.why ? ` (${e.why})` : ""}${e.data ? ` ${JSON.stringify(e.data)}` : ""}`);
        process.stdout.write(`${[`Events of ${ref}: ${events.length}`, ...rows.map((r) => `  ${r}`)].join("\n")}\n`);
      });
    });
};
