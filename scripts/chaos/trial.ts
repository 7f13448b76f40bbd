import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Queue } from "bullmq";
import { seededRandom } from "../../src/emulators/common/emulator-kit.js";
import { startShopifyEmulator } from "../../src/emulators/shopify/shopify.emulator.js";
import { startHttpSupplierPeer } from "../../src/emulators/supplier/http-supplier.peer.js";
import { Queues, ingestQueue } from "../../src/jobs/queue-names.js";
import { startService, type Service } from "../../src/main.js";
import { CHANNEL, INITIAL_STOCK, LOCATION, OFFERS, VENDOR, chaosOrders } from "./dataset.js";
import { checkInvariants, type InvariantResult } from "./invariants.js";
import type { PrivateService } from "./private-services.js";
import { readSnapshot } from "./snapshot.js";
import { phaseDone, sendReceipts, type Progress } from "./trial-phases.js";
import { trialEnv, trialSecrets } from "./trial-env.js";
import { createWorkerPool } from "./worker-pool.js";

export interface TrialOptions {
  index: number;
  seed: number;
  root: string;
  orders: number;
  workers: number;
  redis: PrivateService;
  ferret: PrivateService;
  lockDurationMs: number;
  /** Mean pause between two random worker kills. */
  killEveryMs: number;
  /** Off: no random kills and no Redis/Mongo restarts (crash points and remote faults stay). */
  chaos: boolean;
  phaseTimeoutMs: number;
  logLevel?: string;
  logFile?: string;
  say: (line: string) => void;
}

export interface TrialFaults {
  workerKills: number;
  crashPointKills: number;
  crashPointsFired: string[];
  redisRestarts: number;
  mongoRestarts: number;
  supplierFailures: number;
  marketplace500s: number;
  marketplace429s: number;
}

export interface TrialResult {
  index: number;
  seed: number;
  durationMs: number;
  faults: TrialFaults;
  duplicateSupplierAttempts: number;
  results: InvariantResult[];
  secrets: Record<string, string>;
  env: { dir: string; dbName: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One trial: fixed input through real worker processes while workers, Redis and Mongo are killed. */
export const runTrial = async (o: TrialOptions): Promise<TrialResult> => {
  const started = Date.now();
  const rand = seededRandom(o.seed * 7919 + o.index);
  const orders = chaosOrders(o.orders, rand);
  const secrets = trialSecrets();
  const supplierFailures = ["500", "timeout", "500", "429", "timeout"] as const;
  const shop = await startShopifyEmulator({ port: 0, orders, accessToken: secrets.CHAOS_SHOP_TOKEN, faults: { errorRate: 0.12, throttleRate: 0.12, seed: o.seed + o.index }, limits: { throttleStatus: 429 } });
  const peer = await startHttpSupplierPeer({ port: 0, signingSecret: secrets.CHAOS_ACME_SECRET, failures: [...supplierFailures], retryAfterSeconds: 1 });
  const te = trialEnv({ root: o.root, secrets, shopifyUrl: shop.url, supplierUrl: peer.url, redisUrl: o.redis.url, mongoUri: o.ferret.url, lockDurationMs: o.lockDurationMs, logLevel: o.logLevel });

  const control: Service = await startService({ roles: ["server"], configDir: te.dir, env: te.env, port: 0 });
  const queues: Queue[] = control.runtime.queues();
  for (const q of queues) q.on("error", () => undefined); // Redis restarts are expected here
  control.deps.redis.on("error", () => undefined);
  await control.deps.offers.upsertMany(OFFERS);
  for (const [sku, n] of Object.entries(INITIAL_STOCK)) await control.deps.stock.setOnHand(sku, LOCATION, n);

  const pool = createWorkerPool({ configDir: te.dir, env: te.workerEnv, size: o.workers, logFile: o.logFile });
  pool.setRestartDelay(() => 200 + Math.floor(rand() * 1_500));
  pool.start();
  const faults: TrialFaults = { workerKills: 0, crashPointKills: 0, crashPointsFired: [], redisRestarts: 0, mongoRestarts: 0, supplierFailures: 0, marketplace500s: 0, marketplace429s: 0 };

  let chaos = o.chaos;
  const killer = (async () => {
    while (chaos) {
      await sleep(o.killEveryMs / 2 + rand() * o.killEveryMs);
      if (chaos && pool.killOne(Math.floor(rand() * o.workers), 4_000)) faults.workerKills++;
    }
  })();
  // One Redis and one Mongo-wire restart per trial, at random moments of the busy part.
  const infra = (async () => {
    await sleep(3_000 + rand() * 6_000);
    if (chaos) {
      await o.redis.restart();
      faults.redisRestarts++;
    }
    await sleep(3_000 + rand() * 6_000);
    if (chaos) {
      await o.ferret.restart();
      faults.mongoRestarts++;
    }
  })();

  const progress: Progress = { nudges: 0, problems: [], phases: [] };
  const nudge = async (k: number, extra: () => Promise<void>) => {
    progress.nudges++;
    await control.runtime.queue(Queues.maintenance).add("reconcile", { task: "reconcile" }, { jobId: `reconcile.${k}` }).catch(() => undefined);
    await extra().catch(() => undefined);
  };
  const deps = control.deps;
  const total = orders.length;
  await phaseDone("ingest and evaluate", o.phaseTimeoutMs, progress, (k) => nudge(k, async () => void (await control.runtime.queue(ingestQueue(CHANNEL)).add("poll", { kind: "poll", channel: CHANNEL }, { jobId: `poll.${k}` }))), async () => {
    const [evals, stored] = await Promise.all([deps.evaluations.list(), deps.orders.listOrders({})]);
    const version = new Map(stored.map((s) => [`${s.channel}:${s.externalId}`, s.version]));
    const behind = evals.filter((e) => e.pending || e.version < (version.get(e._id) ?? Infinity)).map((e) => e._id);
    return stored.length === total && evals.length === total && behind.length === 0 ? true : `${stored.length}/${total} stored, ${evals.length} evaluated, behind: ${behind.join(" ")}`;
  });
  // Each nudge closes a new window, as the vendor's schedule would: a shortfall recorded late (its
  // evaluation was retried after a crash) goes on the next window's PO, never on a closed one.
  await phaseDone("batch and push", o.phaseTimeoutMs, progress, (k) => nudge(k, async () => void (await control.runtime.queue(Queues.batch).add("batch", { vendor: VENDOR, windowStart: new Date().toISOString(), trigger: "manual" }, { jobId: `batch.${k}` }))), async () => {
    const pos = await deps.purchaseOrders.list();
    const evals = await deps.evaluations.list();
    const covered = new Map<string, number>();
    for (const c of pos.flatMap((p) => p.lines.flatMap((l) => l.covers))) covered.set(`${c.order}#${c.line}`, (covered.get(`${c.order}#${c.line}`) ?? 0) + c.quantity);
    const uncovered = (await deps.backorders.open()).filter((b) => b.vendor && (covered.get(`${b.order}#${b.line}`) ?? 0) < b.quantity);
    if (evals.some((e) => e.pending) || uncovered.length > 0) return `waiting: ${uncovered.length} short line(s) not yet on a PO, ${evals.filter((e) => e.pending).length} evaluation(s) pending`;
    return pos.length > 0 && pos.every((p) => p.state === "issued" && p.delivery.state === "sent") ? true : `POs: ${pos.map((p) => `${p.poNumber} ${p.state}/${p.delivery.state}`).join(", ") || "none"}`;
  });
  const sent = await sendReceipts(control, peer, te.secrets.CHAOS_ACME_SECRET, o.phaseTimeoutMs);
  await phaseDone("receipts applied", o.phaseTimeoutMs, progress, (k) => nudge(k, async () => undefined), async () => {
    const events = await Promise.all(sent.map((id) => deps.supplierEvents.get(id)));
    const evals = await deps.evaluations.list();
    return events.every((e) => e?.applied === true) && evals.every((e) => !e.pending) ? true : `${events.filter((e) => e?.applied).length}/${sent.length} receipts applied`;
  });

  chaos = false;
  await killer;
  await infra;
  pool.start();
  await phaseDone("quiescence", o.phaseTimeoutMs, progress, (k) => nudge(k, async () => undefined), async () => {
    await sleep(1_500); // a reconcile just queued must show up as waiting or active
    const counts = await Promise.all(queues.map((q) => q.getJobCounts("active", "waiting", "delayed", "prioritized")));
    const busy = counts.map((c, i) => [queues[i]?.name, Object.values(c).reduce((a, b) => a + b, 0)] as const).filter(([, n]) => n > 0);
    return busy.length === 0 ? true : `busy queues: ${busy.map(([q, n]) => `${q} ${n}`).join(", ")}`;
  }, 2);

  const snapshot = await readSnapshot({
    conn: control.conn, queues, orders, purchasable: OFFERS.map((x) => x.sku),
    initialOnHand: Object.fromEntries(Object.entries(INITIAL_STOCK).map(([sku, n]) => [`${sku}@${LOCATION}`, n])),
    peer: { received: peer.received(), duplicateAttempts: peer.duplicateAttempts() },
  });
  // For a post-mortem: the raw snapshot the invariants were checked on.
  if (process.env.CHAOS_DUMP) {
    writeFileSync(join(process.env.CHAOS_DUMP, `trial-${o.index}-snapshot.json`), JSON.stringify(snapshot, null, 1));
    const raw: Record<string, unknown> = {};
    for (const name of ["events", "evaluations", "backorder_lines", "supplier_events", "purchase_orders", "stock_levels"]) raw[name] = await control.conn.db?.collection(name).find({}).toArray();
    writeFileSync(join(process.env.CHAOS_DUMP, `trial-${o.index}-raw.json`), JSON.stringify(raw, null, 1));
  }
  o.say(`  trial ${o.index} phases (s): ${progress.phases.map(([n, s]) => `${n} ${s}`).join(", ")}`);
  const results = [{ name: "every phase finished", violations: progress.problems }, ...checkInvariants(snapshot)];
  const stats = shop.stats();
  faults.crashPointsFired = readdirSync(te.crashDir).map((f) => f.replace(/\.fired$/, "")).sort();
  faults.crashPointKills = pool.stats.diedOnTheirOwn;
  faults.supplierFailures = supplierFailures.length;
  faults.marketplace500s = stats.faults.errors;
  faults.marketplace429s = Object.values(stats.throttled).reduce((a, b) => a + b, 0);

  await pool.stop();
  if (!process.env.CHAOS_KEEP) await control.conn.dropDatabase().catch(() => undefined);
  await control.deps.redis.eval(`for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end`, 0, `${te.prefix}:*`).catch(() => undefined);
  await control.stop();
  await peer.close();
  await shop.close();
  rmSync(te.dir, { recursive: true, force: true });
  return {
    index: o.index, seed: o.seed, durationMs: Date.now() - started, faults, duplicateSupplierAttempts: peer.duplicateAttempts().length, results,
    secrets: te.secrets, env: { dir: te.dir, dbName: te.dbName },
  };
};
