import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Queue } from "bullmq";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import { startShopifyEmulator } from "../../src/emulators/shopify/shopify.emulator.js";
import { startHttpSupplierPeer } from "../../src/emulators/supplier/http-supplier.peer.js";
import { batchJob } from "../../src/jobs/batch.job.js";
import { evaluateJob } from "../../src/jobs/evaluate.job.js";
import { ingestJob } from "../../src/jobs/ingest.job.js";
import { pushJob } from "../../src/jobs/push.job.js";
import { Queues, ingestQueue } from "../../src/jobs/queue-names.js";
import { openCore } from "../../src/main.js";
import { benchEnv } from "./bench-env.js";
import { drawOrders, loadOlistShape, offersFor } from "./olist-shape.js";
import { diffCounts, redisCounters } from "./probes.js";

/**
 * `npx tsx scripts/bench/profile.ts [orders] [onHand]`: where the commands of the hot path go. Polls N
 * orders from the Shopify emulator (then polls 3 times more, as the service does, each re-reading
 * the overlap window), then runs evaluate, one batch window per vendor and the pushes with in-process workers,
 * stage by stage, and prints MongoDB commands per order by collection and method (mongoose debug)
 * and Redis commands per order line by command: sent by this process (ioredis) and executed by
 * the server (INFO commandstats, Lua scripts' inner calls included; exact when REDIS_URL names a
 * Redis of its own, e.g. `redis-server --port 6390 --save ''`).
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const n = Number.parseInt(process.argv[2] ?? "20", 10);
// Units on hand per SKU at the start: 0 sends every line to a PO (as the benchmark does); more
// exercises the stock path (reservations, op markers).
const onHand = Number.parseInt(process.argv[3] ?? "0", 10);
const VENDORS = ["olist-a", "olist-b", "olist-c", "olist-d"];

const mongoCounts = new Map<string, number>();
mongoose.set("debug", (collection: string, method: string) => void mongoCounts.set(`${collection}.${method}`, (mongoCounts.get(`${collection}.${method}`) ?? 0) + 1));
const redisCounts = new Map<string, number>();
const send = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<Redis["sendCommand"]>) {
  const c = args[0] as { name: string; args: unknown[] };
  const name = c.name === "evalsha" || c.name === "eval" ? `${c.name}` : c.name;
  redisCounts.set(name, (redisCounts.get(name) ?? 0) + 1);
  return send.apply(this, args);
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const drained = async (q: Queue) => {
  for (;;) {
    const c = await q.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");
    if (Object.values(c).every((x) => x === 0)) return;
    await sleep(100);
  }
};
const fmt = (m: Map<string, number>, per: number) =>
  [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `    ${k.padEnd(40)} ${(v / per).toFixed(2)}`).join("\n");
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

const main = async () => {
  const shape = loadOlistShape(path.resolve(repoRoot, "../shared"));
  const orders = drawOrders(shape, { n, seed: 5, channel: "bench-shop", startMs: Date.now() - 86_400_000, stepMs: 50 });
  const shopify = await startShopifyEmulator({ port: 0, orders, limits: { maximumAvailable: 1e12, restoreRate: 1e12, maxQueryCost: 1e9 } });
  const supplier = await startHttpSupplierPeer({ port: 0, signingSecret: "bench-peer-secret" });
  const env = benchEnv({ shopifyUrl: shopify.url, pageSize: 250, supplierUrl: supplier.url, vendors: VENDORS, concurrency: { "orders.evaluate": 4, "backorders.batch": 1, "po.push": 4 } });
  const core = await openCore({ configDir: env.dir, env: env.env });
  const lines = orders.reduce((s, o) => s + o.lines.length, 0);
  try {
    await core.deps.offers.upsertMany(offersFor(shape, VENDORS));
    await core.conn.collection("stock_levels").insertMany(shape.skus.map((sku) => ({ _id: `${sku}@main` as never, sku, location: "main", onHand, committed: 0, ops: {} })));
    const evaluate = core.runtime.queue(Queues.evaluate);
    const stage = async (name: string, work: () => Promise<void>) => {
      mongoCounts.clear();
      redisCounts.clear();
      const before = await redisCounters(core.redis);
      const t0 = Date.now();
      await work();
      const ms = Date.now() - t0;
      const after = await redisCounters(core.redis);
      const server = new Map(Object.entries(diffCounts(before.byCommand, after.byCommand, false)));
      process.stdout.write(`${name}: ${ms} ms; MongoDB ${(total(mongoCounts) / n).toFixed(2)} per order, Redis ${(total(redisCounts) / lines).toFixed(2)} sent, ${((after.total - before.total) / lines).toFixed(2)} executed (server-wide) per line\n`);
      process.stdout.write(`  MongoDB per order:\n${fmt(mongoCounts, n)}\n  Redis sent per line:\n${fmt(redisCounts, lines)}\n  Redis executed per line (server-wide, scripts included):\n${fmt(server, lines)}\n`);
    };
    const ingest = core.runtime.queue(ingestQueue("bench-shop"));
    core.runtime.startWorker(ingestJob(core.deps, { channel: "bench-shop", cursors: core.cursors, quarantine: core.quarantine }));
    let polls = 0;
    const poll = async (times: number) => {
      for (let i = 0; i < times; i++) {
        await ingest.add("poll", { kind: "poll", channel: "bench-shop" }, { jobId: `profile-poll-${++polls}` });
        await drained(ingest);
      }
    };
    await stage("ingest (first poll)", () => poll(1));
    await stage("ingest (3 more polls, nothing new)", () => poll(3));
    await stage("evaluate", async () => {
      core.runtime.startWorker(evaluateJob(core.deps));
      await drained(evaluate);
    });
    const push = core.runtime.queue(Queues.push);
    await stage("batch", async () => {
      const windowStart = new Date().toISOString();
      for (const v of VENDORS) await core.runtime.queue(Queues.batch).add("batch", { vendor: v, windowStart, trigger: "manual" }, { jobId: `profile-${v}` });
      core.runtime.startWorker(batchJob(core.deps));
      await drained(core.runtime.queue(Queues.batch));
    });
    await stage("push", async () => {
      core.runtime.startWorker(pushJob(core.deps));
      await drained(push);
    });
    process.stdout.write(`${n} orders, ${lines} lines, ${supplier.received().length} POs received\n`);
  } finally {
    await core.conn.dropDatabase().catch(() => undefined);
    for (const q of core.runtime.queues()) await q.obliterate({ force: true }).catch(() => undefined);
    await core.close();
    await supplier.close();
    await shopify.close();
    env.cleanup();
  }
};

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`profile failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
