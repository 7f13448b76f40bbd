import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseShopifyOrdersCsv } from "../connectors/marketplaces/index.js";
import { importMapped, type ImportSummary } from "../cli/ops/order-import.js";
import { Queues, ingestQueue, jobIdOf } from "../jobs/queue-names.js";
import { buildReport, type Report } from "../cli/report/build-report.js";
import { gatherReportData } from "../cli/report/gather.js";
import { openCore, type Core } from "../main.js";
import { collectFacts, type DemoFacts } from "./demo-facts.js";
import { buildCatalog, buildDemoOrders, olistFiles, readOlistItems, sourceOrders, type DemoCatalog, type DemoOrder } from "./demo-data.js";
import { DEMO_AMAZON, DEMO_DB, DEMO_PREFIX, DEMO_SHOPIFY } from "./demo-rules.js";
import { cleanDemoState, startDemoStack, type DemoStack } from "./demo-stack.js";
import { createDemoProgress } from "./demo-progress.js";
import { answerPurchaseOrders, type AnswerSummary } from "./supplier-answers.js";
import { waitForQuiet } from "./wait-quiet.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const defaultSharedDir = (): string => path.resolve(repoRoot, "../shared");

export interface DemoOptions {
  seed?: number;
  /** Scale to this many Olist orders (replayed with shifted dates and new ids); default: all of them. */
  orders?: number;
  /** Also import the Shopify export CSV into demo-shopify (default true). */
  shopifyExport?: boolean;
  sharedDir?: string;
  db?: string;
  prefix?: string;
  configDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Progress lines go here (stderr in the CLI); nothing is written to stdout. */
  progress?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Leave every server running; the caller stops them with `result.stop()`. */
  keep?: boolean;
}

export interface DemoResult {
  seed: number;
  input: { orders: DemoOrder[]; catalog: DemoCatalog; shopifyExport: ImportSummary | null };
  /** After ingest, evaluation, the demo clock's batch windows and every push. */
  afterBatch: DemoFacts;
  answers: AnswerSummary;
  /** After the vendors' receipts and acknowledgements were applied. */
  final: DemoFacts;
  /** The operations report (src/cli/report) over the demo's database at the end. */
  report: Report;
  failedJobs: number;
  elapsedMs: number;
  serverUrl: string;
  boardUrl: string;
  admin: { user: string; password: string };
  stack: DemoStack;
  stop(): Promise<void>;
}

/** The CLI's core (stores and queues, no workers) on the demo's config, for the importer and the report. */
const withDemoCore = async <T>(stack: DemoStack, configDir: string, fn: (core: Core) => Promise<T>): Promise<T> => {
  const core = await openCore({ configDir, env: stack.env });
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
};

/** `backorder import shopify-orders` in-process: the importer's own function on the export CSV. */
const importShopifyExport = (file: string, stack: DemoStack, configDir: string): Promise<ImportSummary> => {
  const text = readFileSync(file, "utf8");
  const mapped = parseShopifyOrdersCsv(text, DEMO_SHOPIFY);
  return withDemoCore(stack, configDir, (core) => importMapped(core, { file, fileName: path.basename(file), channel: DEMO_SHOPIFY, format: "shopify-orders", rowsRead: text.split("\n").length - 1, mapped, quiet: true }));
};

/** A count, not a list: the quiet check runs every second and must not load every evaluation. */
const evaluatedCount = (service: DemoStack["service"]): Promise<number> => service.conn.collection("evaluations").countDocuments({ pending: { $exists: false } });

/** Runs the whole job end to end on the real data; see README "The demo" for every rule. */
export const runDemo = async (opts: DemoOptions = {}): Promise<DemoResult> => {
  const started = Date.now();
  const seed = opts.seed ?? 1;
  const shared = opts.sharedDir ?? defaultSharedDir();
  const files = olistFiles(shared);
  const db = opts.db ?? DEMO_DB;
  const prefix = opts.prefix ?? DEMO_PREFIX;
  const configDir = opts.configDir ?? path.join(tmpdir(), `backorder-demo-${prefix}`);
  const baseEnv = opts.env ?? process.env;
  const progress = createDemoProgress(opts.progress ?? process.stderr);

  const sources = sourceOrders(readOlistItems(files.items), opts.orders);
  const orders = buildDemoOrders(seed, sources);
  const catalog = buildCatalog(seed, sources.flatMap((s) => s.items), orders);
  progress.note(`${orders.length} orders from ${sources.length === 0 ? 0 : new Set(sources.map((s) => s.id)).size} Olist orders, ${catalog.vendors.length} vendors, ${catalog.offers.length} offers, ${catalog.stock.size} SKUs in stock`);

  await cleanDemoState(baseEnv, db, prefix);
  const of = (ch: string, via?: string) => orders.filter((o) => o.order.channel === ch && (!via || o.via === via)).map((o) => o.order);
  const prepare = async (core: Core) => {
    await core.deps.offers.upsertMany(catalog.offers);
    for (const [sku, units] of catalog.stock) await core.deps.stock.setOnHand(sku, "main", units);
  };
  const stack = await startDemoStack({ configDir, db, prefix, vendors: catalog.vendors, shopifyOrders: of(DEMO_SHOPIFY, "poll"), amazonOrders: of(DEMO_AMAZON), baseEnv, prepare });
  try {
    const { service } = stack;
    const queues = () => service.runtime.queues();
    const shopifyExport = opts.shopifyExport === false ? null : await importShopifyExport(files.shopifyExport, stack, configDir);

    for (const o of of(DEMO_SHOPIFY, "webhook")) stack.shopify.addOrder(o);
    for (const ch of [DEMO_SHOPIFY, DEMO_AMAZON]) await service.runtime.queue(ingestQueue(ch)).add("poll", { kind: "poll", channel: ch }, { jobId: jobIdOf("demo-poll", ch) });
    const expected = orders.length + (shopifyExport?.orders.mapped ?? 0);
    await stack.shopify.drainWebhooks();
    const ingest = progress.phase("orders ingested + evaluated", expected, (_l, w) => Math.min(w[0] ?? 0, w[1] ?? 0));
    const settled = await waitForQuiet({ queues, watch: async () => [await service.deps.orders.countOrders(), await evaluatedCount(service)], onTick: ingest.onTick });
    ingest.done(settled.failed > 0 ? `(${settled.failed} failed jobs)` : undefined);

    // The demo clock: close every vendor's batch window now, with one shared window start.
    const windowStart = new Date().toISOString();
    const vendors = await service.deps.backorders.vendorsWithOpenLines();
    for (const v of vendors) await service.runtime.queue(Queues.batch).add("batch", { vendor: v, windowStart, trigger: "manual" }, { jobId: jobIdOf("demo-clock", v, Date.parse(windowStart)) });
    // The bar counts vendor windows (batch jobs no longer queued); the POs they sent are the note.
    const push = progress.phase("vendor windows closed", vendors.length, (l) => vendors.length - (l.perQueue[Queues.batch] ?? 0));
    const sentPos = () => service.conn.collection("purchase_orders").countDocuments({ "delivery.state": "sent" });
    await waitForQuiet({ queues, watch: async () => [await sentPos()], onTick: push.onTick });
    push.done(`(${await sentPos()} POs sent)`);
    const afterBatch = await collectFacts(service, service.deps.config, stack.peers, stack.shopify.stats().holds);

    const answers = await answerPurchaseOrders({ service, config: service.deps.config, http: stack.peers.http, secret: stack.supplierSecret, at: new Date().toISOString() });
    const total = answers.received.length + answers.acknowledged.length;
    const inbound = progress.phase("supplier answers applied", total, (_l, w) => total - (w[0] ?? 0));
    await waitForQuiet({ queues, watch: async () => [(await service.deps.supplierEvents.unapplied()).length], onTick: inbound.onTick });
    inbound.done();
    const final = await collectFacts(service, service.deps.config, stack.peers, stack.shopify.stats().holds);
    const report = await withDemoCore(stack, configDir, async (core) => buildReport(await gatherReportData(core, { asOf: new Date().toISOString() })));
    const failed = await Promise.all(service.runtime.queues().map((q) => q.getFailedCount()));
    const serverUrl = service.server?.url ?? "";
    const result: DemoResult = {
      seed, input: { orders, catalog, shopifyExport }, afterBatch, answers, final, report, failedJobs: failed.reduce((a, b) => a + b, 0), elapsedMs: Date.now() - started,
      serverUrl, boardUrl: `${serverUrl}/admin/queues`, admin: stack.admin, stack, stop: () => stack.stop(),
    };
    if (!opts.keep) await stack.stop();
    return result;
  } catch (err) {
    await stack.stop().catch(() => undefined);
    throw err;
  }
};
