import type { SalesOrder } from "../../src/domain/order.js";
import { startShopifyEmulator } from "../../src/emulators/shopify/shopify.emulator.js";
import { startHttpSupplierPeer } from "../../src/emulators/supplier/http-supplier.peer.js";
import { Queues, ingestQueue } from "../../src/jobs/queue-names.js";
import { openCore } from "../../src/main.js";
import { benchEnv } from "./bench-env.js";
import { readLatencies, type LatencyFigures } from "./latency.js";
import { offersFor, type OrderShape } from "./olist-shape.js";
import { diffCounts, ferretCommands, pidOnPort, redisCounters, sampleProc, sum } from "./probes.js";
import { startWorkers } from "./workers.js";

export interface E2eOptions {
  repoRoot: string;
  shape: OrderShape;
  orders: SalesOrder[];
  workers: number;
  concurrency: Record<string, number>;
  vendors: readonly string[];
  /** Orders per second offered to the marketplace (open loop); absent: all are there at the start. */
  arrivalPerSec?: number;
  timeoutMs: number;
  log: (line: string) => void;
}

export interface E2eResult {
  workers: number;
  orders: number;
  lines: number;
  seconds: number;
  ordersPerSec: number;
  linesPerSec: number;
  latency: LatencyFigures;
  /** The pipeline's commands: the server's counter less the driver's own progress queries. */
  mongoCommands: Record<string, number> | null;
  driverMongoCommands: Record<string, number>;
  redisCommands: number;
  cpuSeconds: Record<string, number>;
  peakRssMb: number[];
  rssTrail: { evaluated: number; rssMb: number[] }[];
  posSent: number;
  timedOut: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UNLIMITED = { maximumAvailable: 1e12, restoreRate: 1e12, maxQueryCost: 1e9 };

/** One run of the whole pipeline: marketplace emulator → ingest → evaluate → batch → push → supplier peer, until quiet. */
export const runEndToEnd = async (o: E2eOptions): Promise<E2eResult> => {
  const open = o.arrivalPerSec !== undefined;
  const shopify = await startShopifyEmulator({ port: 0, orders: open ? [] : o.orders, limits: UNLIMITED });
  const supplier = await startHttpSupplierPeer({ port: 0, signingSecret: "bench-peer-secret" });
  const env = benchEnv({ shopifyUrl: shopify.url, supplierUrl: supplier.url, vendors: o.vendors, concurrency: o.concurrency, pageSize: 250 });
  const core = await openCore({ configDir: env.dir, env: env.env });
  const db = core.conn;
  try {
    await core.deps.offers.upsertMany(offersFor(o.shape, o.vendors));
    // Nothing on hand: every line is short and travels the whole way to a PO (the expensive path).
    await db.collection("stock_levels").insertMany(o.shape.skus.map((sku) => ({ _id: `${sku}@main` as never, sku, location: "main", onHand: 0, committed: 0, ops: {} })));
    const pool = await startWorkers(o.repoRoot, o.workers, env.dir, env.env, core.runtime.queue(Queues.evaluate));
    const serverPids = { redis: pidOnPort(6379), mongo: pidOnPort(27017) };
    const cpu0 = { ...Object.fromEntries(Object.entries(serverPids).map(([k, p]) => [k, p ? sampleProc(p)?.cpuSeconds ?? 0 : 0])), workers: sum(Object.fromEntries(pool.samples().map((s) => [s.pid, s.cpuSeconds]))) };
    const driverCpu0 = process.cpuUsage();
    const [redis0, mongo0] = [await redisCounters(core.redis), await ferretCommands()];
    const lines = o.orders.reduce((n, x) => n + x.lines.length, 0);
    const t0 = Date.now();
    const loop = await drive(o, core, shopify, pool, t0);
    const seconds = (loop.quietAt - t0) / 1000;
    const [redis1, mongo1] = [await redisCounters(core.redis), await ferretCommands()];
    // The driver's own progress queries (counting evaluations, unsent POs) are measurement, not
    // pipeline work: they are taken off the server's counter.
    const pipelineMongo = mongo0 && mongo1 ? withoutOwn(diffCounts(mongo0, mongo1), loop.own) : null;
    // A server restarted mid-run (another engineer's services.sh) has a new pid: its CPU is then unknown (NaN).
    const same = (k: "redis" | "mongo", port: number) => (pidOnPort(port) === serverPids[k] && serverPids[k] ? sampleProc(serverPids[k])?.cpuSeconds ?? Number.NaN : Number.NaN);
    const cpu1 = { redis: same("redis", 6379), mongo: same("mongo", 27017), workers: sum(Object.fromEntries(pool.samples().map((s) => [s.pid, s.cpuSeconds]))) };
    const driverCpu = process.cpuUsage(driverCpu0);
    const peakRssMb = pool.samples().map((s) => s.hwmMb);
    await pool.stop();
    const latency = await readLatencies(db);
    return {
      workers: o.workers, orders: o.orders.length, lines, seconds, ordersPerSec: o.orders.length / seconds, linesPerSec: lines / seconds, latency,
      mongoCommands: pipelineMongo, driverMongoCommands: loop.own, redisCommands: redis1.total - redis0.total,
      cpuSeconds: { ...Object.fromEntries(Object.keys(cpu1).map((k) => [k, (cpu1 as Record<string, number>)[k]! - ((cpu0 as Record<string, number>)[k] ?? 0)])), driverAndEmulators: (driverCpu.user + driverCpu.system) / 1e6 },
      peakRssMb, rssTrail: loop.rssTrail, posSent: supplier.received().length, timedOut: loop.timedOut,
    };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    for (const q of core.runtime.queues()) await q.obliterate({ force: true }).catch(() => undefined);
    await core.close();
    await supplier.close();
    await shopify.close();
    env.cleanup();
  }
};

type Core = Awaited<ReturnType<typeof openCore>>;
type Shopify = Awaited<ReturnType<typeof startShopifyEmulator>>;

/**
 * The clock of a run: offers orders (open loop), polls whenever the previous poll is done, closes
 * every vendor's window once a second with a new cut-off, and stops when every order is evaluated,
 * a window closed after that, and no PO is left unsent.
 */
const drive = async (o: E2eOptions, core: Core, shopify: Shopify, pool: { samples: () => { rssMb: number }[] }, t0: number) => {
  const ingest = core.runtime.queue(ingestQueue("bench-shop"));
  const batch = core.runtime.queue(Queues.batch);
  const evals = core.conn.collection("evaluations");
  const pos = core.conn.collection("purchase_orders");
  let offered = o.arrivalPerSec === undefined ? o.orders.length : 0;
  let poll = 0;
  let tick = 0;
  let allEvaluatedAt = 0;
  let lastBatchId = "";
  let lastRound = 0;
  const rssTrail: { evaluated: number; rssMb: number[] }[] = [];
  const own: Record<string, number> = {};
  const mine = <T>(command: string, p: Promise<T>): Promise<T> => {
    own[command] = (own[command] ?? 0) + 1;
    return p;
  };
  for (;;) {
    const now = Date.now();
    if (now - t0 > o.timeoutMs) {
      const stuck = await mine("find", pos.find({ "delivery.state": { $ne: "sent" } }).toArray());
      o.log(`  timed out: ${stuck.length} PO(s) not sent: ${stuck.map((p) => `${String(p["_id"])} ${String(p["state"])}/${JSON.stringify(p["delivery"])}`).join("; ")}; push jobs waiting/delayed ${await core.runtime.queue(Queues.push).count()}, last batch ${lastBatchId} ${await (await batch.getJob(lastBatchId ?? ""))?.getState()}, evaluated at tick ${allEvaluatedAt}, last round ${lastRound}`);
      return { quietAt: now, rssTrail, own, timedOut: true };
    }
    if (o.arrivalPerSec !== undefined) {
      const due = Math.min(o.orders.length, Math.floor(((now - t0) / 1000) * o.arrivalPerSec));
      for (; offered < due; offered++) {
        const order = o.orders[offered] as SalesOrder;
        const at = new Date().toISOString();
        shopify.addOrder({ ...order, placedAt: at, channelUpdatedAt: at });
      }
    }
    const last = poll > 0 ? await ingest.getJob(`bench-poll-${poll}`) : undefined;
    if (poll === 0 || last?.finishedOn) await ingest.add("poll", { kind: "poll", channel: "bench-shop" }, { jobId: `bench-poll-${++poll}` });
    if (tick % 4 === 0) {
      const evaluated = await mine("aggregate", evals.countDocuments({ pending: { $exists: false } }));
      if (rssTrail.length === 0 || evaluated - (rssTrail.at(-1)?.evaluated ?? 0) >= o.orders.length / 16) rssTrail.push({ evaluated, rssMb: pool.samples().map((s) => s.rssMb) });
      if (!allEvaluatedAt && evaluated >= o.orders.length && offered >= o.orders.length) {
        allEvaluatedAt = tick;
        o.log(`  all ${evaluated} orders evaluated after ${((now - t0) / 1000).toFixed(1)} s`);
      }
      if (allEvaluatedAt && lastRound > allEvaluatedAt && (await batch.getJob(lastBatchId))?.finishedOn) {
        const unsent = await mine("aggregate", pos.countDocuments({ "delivery.state": { $ne: "sent" } }));
        if (unsent === 0 && (await core.runtime.queue(Queues.push).count()) === 0) {
          own["find"] = (own["find"] ?? 0) + 2;
          return { quietAt: await lastWork(core.conn, now), rssTrail, own, timedOut: false };
        }
      }
      // A new window every second, but never piling rounds up behind a slow one. Checked for quiet
      // first: a round added now cannot have finished yet.
      if (!lastBatchId || (await batch.getJob(lastBatchId))?.finishedOn) {
        const windowStart = new Date().toISOString();
        lastRound = tick;
        for (const v of o.vendors) await batch.add("batch", { vendor: v, windowStart, trigger: "manual" }, { jobId: (lastBatchId = `bench-batch-${v}-${tick}`) });
      }
    }
    tick++;
    await sleep(250);
  }
};

/**
 * The run ends when the last piece of work is done, not when the driver noticed: the last PO
 * reached the supplier or the last evaluation was recorded, whichever is later (the last orders'
 * lines can be covered by POs already sent, from their case-pack or MOQ surplus).
 */
const lastWork = async (db: Core["conn"], fallback: number): Promise<number> => {
  const pos = await db.collection("purchase_orders").find({ "delivery.sentAt": { $exists: true } }, { projection: { "delivery.sentAt": 1 } }).toArray();
  const evs = await db.collection("evaluations").find({}, { projection: { updatedAt: 1 } }).toArray();
  const at = Math.max(
    ...pos.map((d) => new Date(String((d["delivery"] as { sentAt: string }).sentAt)).getTime()),
    ...evs.map((d) => new Date(String(d["updatedAt"])).getTime()),
  );
  return Number.isFinite(at) ? at : fallback;
};

const withoutOwn = (counts: Record<string, number>, own: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Math.max(0, v - (own[k] ?? 0))]).filter(([, v]) => (v as number) > 0));
