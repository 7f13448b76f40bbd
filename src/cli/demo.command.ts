import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { renderDemoSummary } from "../demo/demo-summary.js";
import { repoRoot, runDemo } from "../demo/run-demo.js";
import { optionUsageError } from "./ops/option-issues.js";
import { fail } from "./ops/with-core.js";

const OptionsSchema = z.object({
  orders: z.coerce.number().int().positive().optional(),
  seed: z.coerce.number().int().min(0).default(1),
  keep: z.boolean().default(false),
  json: z.boolean().default(false),
});

/** Redis and the Mongo-wire server must answer first: scripts/services.sh starts what is missing. */
const servicesUp = (): void => {
  const r = spawnSync("bash", [path.join(repoRoot, "scripts", "services.sh"), "up"], { stdio: ["ignore", process.stderr, process.stderr] });
  if (r.status !== 0) throw new Error(`scripts/services.sh up failed (exit ${r.status ?? r.signal})`);
};

const untilInterrupted = (): Promise<void> =>
  new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });

const run = async (raw: unknown): Promise<void> => {
  const parsed = OptionsSchema.safeParse(raw);
  if (!parsed.success) return fail("demo", optionUsageError(parsed.error));
  const o = parsed.data;
  servicesUp();
  // A second demo beside a running one (or a test) picks its own database and queue prefix.
  const db = process.env.BACKORDER_DEMO_DB;
  const prefix = process.env.BACKORDER_DEMO_PREFIX;
  const result = await runDemo({ orders: o.orders, seed: o.seed, keep: o.keep, progress: process.stderr, ...(db && { db }), ...(prefix && { prefix }) });
  const summary = renderDemoSummary(result);
  if (o.json) process.stdout.write(`${JSON.stringify(summary.json, null, 2)}\n`);
  else process.stdout.write(`${summary.text}\n`);
  // The only secret the demo prints: the Bull Board login it generated for this run.
  process.stderr.write(`Bull Board: ${result.boardUrl}  user ${result.admin.user}  password ${result.admin.password}${o.keep ? "" : " (stopped; use --keep to browse it)"}\n`);
  if (result.failedJobs > 0) process.exitCode = 1;
  if (o.keep) {
    process.stderr.write("Everything keeps running; press Ctrl-C to stop.\n");
    await untilInterrupted();
    process.stderr.write("stopping…\n");
    // Open keep-alive connections (a browser on Bull Board) must not hold the exit up for long.
    await Promise.race([result.stop(), new Promise((r) => setTimeout(r, 10_000).unref())]);
  }
  // A one-shot command: everything it started is stopped; end even if a library left a handle open.
  process.exit(process.exitCode ?? 0);
};

/** `backorder demo [--orders N] [--seed S] [--keep] [--json]`: the whole job on the real data. */
export const registerDemoCommand = (program: Command): void => {
  program
    .command("demo")
    .description("Run the whole job end to end on the real Olist and Shopify data, with local emulators and supplier peers")
    // 300 of the slice's ~900 real orders keep the default run within a few minutes on a 2-core
    // machine with FerretDB on SQLite; --orders 900 takes every one of them.
    .option("--orders <n>", "number of Olist orders (replayed with shifted dates beyond the real ones)", "300")
    .option("--seed <s>", "seed of the deterministic assignment of channels, terms and stock", "1")
    .option("--keep", "leave the service, emulators and peers running until Ctrl-C")
    .option("--json", "print the final report as JSON on stdout (progress stays on stderr)")
    .action((opts: unknown) => run(opts));
};
