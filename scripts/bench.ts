import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { calibrateBullmq, calibrateDomain, calibrateMongo } from "./bench/calibrate.js";
import { runEndToEnd, type E2eResult } from "./bench/e2e.js";
import { amazonBudget, shopifyBudget } from "./bench/ingest-budget.js";
import { drawOrders, loadOlistShape, shapeSummary, type OrderShape } from "./bench/olist-shape.js";
import { buildRows, renderCalibration, renderTable, type BenchResults } from "./bench/report.js";

/**
 * `npm run bench [-- --orders N --workers W --json]`: calibrates the machine's raw limits, then
 * drives the whole pipeline on the same Redis and Mongo-wire server and reports each target as
 * met or missed with the measured value (targets live here, never in tests).
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const program = new Command()
  .option("--orders <n>", "orders of the main run (default: sized from a pilot run for ≥ 60 s of work, at most 900)", (v) => Number.parseInt(v, 10))
  .option("--workers <n>", "worker processes of the main run", (v) => Number.parseInt(v, 10), 2)
  .option("--scaling-orders <n>", "orders per scaling point (1, 2, 4 workers)", (v) => Number.parseInt(v, 10), 300)
  .option("--budget-seconds <n>", "window of the ingest-budget runs", (v) => Number.parseInt(v, 10), 60)
  .option("--half-rate-seconds <n>", "length of the open-loop run at half the max rate", (v) => Number.parseInt(v, 10), 30)
  .option("--out <file>", "also write the JSON here")
  .option("--json", "print the JSON results after the table")
  .parse();
const opts = program.opts<{ orders?: number; workers: number; scalingOrders: number; budgetSeconds: number; halfRateSeconds: number; out?: string; json?: boolean }>();

const REDIS_URL = process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379";
const MONGODB_URI = process.env["MONGODB_URI"] ?? "mongodb://127.0.0.1:27017/";
const VENDORS = ["olist-a", "olist-b", "olist-c", "olist-d"];
const MAX_MAIN_ORDERS = 900;
// The pipeline's own settings (config/default.yaml): what the calibration and the workers use.
const CONCURRENCY = { "orders.evaluate": 4, "backorders.batch": 1, "po.push": 4 };
const log = (line: string) => process.stderr.write(`${line}\n`);
const t = (label: string) => log(`[${new Date().toISOString().slice(11, 19)}] ${label}`);

const e2e = (shape: OrderShape, n: number, workers: number, seed: number, arrivalPerSec?: number): Promise<E2eResult> =>
  runEndToEnd({
    repoRoot, shape, workers, concurrency: CONCURRENCY, vendors: VENDORS, log, timeoutMs: 240_000, ...(arrivalPerSec !== undefined && { arrivalPerSec }),
    orders: drawOrders(shape, { n, seed, channel: "bench-shop", startMs: Date.now() - 86_400_000, stepMs: 50 }),
  });

const main = async () => {
  const shape = loadOlistShape(path.resolve(repoRoot, "../shared"));
  const machine = { cores: cpus().length, loadAvgAtStart: loadavg() };
  t(`shape from ${shape.source}: ${JSON.stringify(shapeSummary(shape))}`);
  t("calibration: domain, BullMQ, Mongo wire");
  const domain = calibrateDomain(shape, 20_000, VENDORS);
  const bullmq = await calibrateBullmq(REDIS_URL, 5_000, CONCURRENCY["orders.evaluate"]);
  const mongo = await calibrateMongo(MONGODB_URI, shape, 2_000, 500, CONCURRENCY["orders.evaluate"], 200);
  t(`ingest budget: Shopify Plus and Amazon side by side, ${opts.budgetSeconds} s`);
  const budget = await Promise.all([shopifyBudget(shape, opts.budgetSeconds, 1), amazonBudget(shape, opts.budgetSeconds, 1, REDIS_URL)]);
  const scaling: E2eResult[] = [];
  for (const w of [1, 2, 4]) {
    t(`scaling point: ${w} worker process(es), ${opts.scalingOrders} orders`);
    scaling.push(await e2e(shape, opts.scalingOrders, w, 10 + w));
  }
  const pilot = scaling.find((s) => s.workers === opts.workers) ?? scaling[0]!;
  // Sized for ≥ 60 s at the pilot's rate, but at most MAX_MAIN_ORDERS: a window's work grows with
  // the lines still open, so a large run slows down as it goes, and the whole command must end
  // within 10 minutes on a 2-core machine.
  const sized = Math.max(200, Math.ceil(pilot.ordersPerSec * 65));
  const n = opts.orders ?? Math.min(MAX_MAIN_ORDERS, sized);
  t(`main run: ${opts.workers} worker process(es), ${n} orders${opts.orders ? "" : ` (sized for ≥ 60 s from the ${pilot.workers}-worker point${sized > n ? `, capped from ${sized}` : ""})`}`);
  const mainRun = await e2e(shape, n, opts.workers, 1);
  const rate = mainRun.ordersPerSec / 2;
  t(`open loop at half the max rate: ${rate.toFixed(1)} orders/s for ${opts.halfRateSeconds} s`);
  const half = await e2e(shape, Math.max(10, Math.round(rate * opts.halfRateSeconds)), opts.workers, 2, rate);
  const results: BenchResults = {
    startedAt: new Date().toISOString(), machine, shape: shapeSummary(shape), calibration: { bullmq, mongo, domain },
    main: mainRun, halfRate: { ...half, offeredPerSec: rate }, scaling, budget,
  };
  const rows = buildRows(results);
  process.stdout.write(`\n${renderCalibration(results)}\n\n${renderTable(rows)}\n`);
  if (opts.json) process.stdout.write(`\n${JSON.stringify({ ...results, rows }, null, 2)}\n`);
  if (opts.out) writeFileSync(opts.out, JSON.stringify({ ...results, rows }, null, 2));
};

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
