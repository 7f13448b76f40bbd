import type { Command } from "commander";
import { z } from "zod";
import { optionUsageError } from "./ops/option-issues.js";
import { SinceSchema } from "./ops/since.js";
import { fail, printJson, withCore } from "./ops/with-core.js";

const OptionsSchema = z.object({
  json: z.boolean().optional(),
  since: SinceSchema.optional(),
  configDir: z.string().optional(),
});

/** `backorder report [--json] [--since ISO]`: backorder rates, holds, POs, exceptions, lead times. */
export const registerReportCommand = (program: Command): void => {
  program
    .command("report")
    .description("Operations report: orders per channel, backorder rates, holds, POs, exceptions, vendor lead times")
    .option("--since <iso>", "only orders placed (POs created) at or after this instant")
    .option("--json", "print the report as JSON")
    .option("--config-dir <dir>", "configuration folder")
    .action(async (raw: unknown) => {
      const parsed = OptionsSchema.safeParse(raw);
      if (!parsed.success) return fail("report", optionUsageError(parsed.error));
      const opts = parsed.data;
      const since = opts.since;
      await withCore("report", opts, async (core) => {
        const [{ gatherReportData }, { buildReport }, { renderReport }] = await Promise.all([
          import("./report/gather.js"), import("./report/build-report.js"), import("./report/render-report.js"),
        ]);
        const report = buildReport(await gatherReportData(core, { asOf: core.deps.now().toISOString(), since }));
        if (opts.json) printJson(report);
        else process.stdout.write(`${renderReport(report)}\n`);
      });
    });
};
