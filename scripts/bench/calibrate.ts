import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import mongoose from "mongoose";
import { evaluateOrder } from "../../src/domain/allocation.js";
import type { BackorderLine } from "../../src/domain/batching.js";
import { planPurchaseOrders } from "../../src/domain/batching.js";
import type { StockLevel } from "../../src/domain/catalog.js";
import { applyStockDeltas } from "../../src/domain/stock.js";
import { createRedis } from "../../src/shared/redis.js";
import { drawOrders, offersFor, vendorOf, type OrderShape } from "./olist-shape.js";

export interface BullCalibration { jobs: number; concurrency: number; addBulkJobsPerSec: number; processJobsPerSec: number; redisCommandsPerJob: number }
export interface MongoCalibration { docs: number; batch: number; insertManyDocsPerSec: number; updates: number; conditionalUpdatesPerSec: number; updateConcurrency: number; busyRetries: number; insertSecs: number }
export interface DomainCalibration { lines: number; evaluateLinesPerSec: number; batchLinesPerSec: number }

const secondsSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;
const commandsTotal = async (r: ReturnType<typeof createRedis>) => Number(/total_commands_processed:(\d+)/.exec(await r.info("stats"))?.[1] ?? 0);

/** BullMQ no-op jobs on their own prefix: addBulk in chunks of 50, then one worker drains them. */
export const calibrateBullmq = async (redisUrl: string, jobs: number, concurrency: number): Promise<BullCalibration> => {
  const prefix = `bench-cal-${randomUUID().slice(0, 8)}`;
  const admin = createRedis(redisUrl);
  const queue = new Queue("noop", { connection: createRedis(redisUrl), prefix, defaultJobOptions: { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } } });
  const cmd0 = await commandsTotal(admin);
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < jobs; i += 50) {
    await queue.addBulk(Array.from({ length: Math.min(50, jobs - i) }, (_, j) => ({ name: "noop", data: { n: i + j } })));
  }
  const addSecs = secondsSince(t0);
  let done = 0;
  t0 = process.hrtime.bigint();
  const finished = new Promise<void>((resolve) => {
    const worker = new Worker("noop", async () => undefined, { connection: createRedis(redisUrl), prefix, concurrency });
    worker.on("completed", () => {
      if (++done === jobs) void worker.close().then(resolve);
    });
  });
  await finished;
  const processSecs = secondsSince(t0);
  const cmd1 = await commandsTotal(admin);
  await queue.obliterate({ force: true });
  await queue.close();
  admin.disconnect();
  return { jobs, concurrency, addBulkJobsPerSec: jobs / addSecs, processJobsPerSec: jobs / processSecs, redisCommandsPerJob: (cmd1 - cmd0) / jobs };
};

/** An order-sized document: one sales order with its lines embedded, as the orders collection holds. */
const orderDoc = (i: number, shape: OrderShape) => {
  const [o] = drawOrders(shape, { n: 1, seed: i + 1, channel: "cal", startMs: Date.UTC(2026, 0, 1), stepMs: 0, idBase: i });
  return { ...o, _id: `cal:${i}`, version: 1, payloadHash: "x".repeat(64), ingestedAt: new Date(), shipToSealed: "y".repeat(180) };
};

/** Raw Mongo-wire rates from the same driver: unordered insertMany in batches, then conditional single-document updates. */
export const calibrateMongo = async (uri: string, shape: OrderShape, docs: number, batch = 500, updateConcurrency = 4, maxUpdates = 2000): Promise<MongoCalibration> => {
  const dbName = `bench_cal_${randomUUID().slice(0, 8)}`;
  const conn = await mongoose.createConnection(uri, { dbName, retryWrites: false }).asPromise();
  const col = conn.collection("orders");
  await col.createIndex({ channel: 1, externalId: 1 }, { unique: true });
  const all = Array.from({ length: docs }, (_, i) => orderDoc(i, shape));
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < docs; i += batch) await col.insertMany(all.slice(i, i + batch) as never[], { ordered: false });
  const insertSecs = secondsSince(t0);
  const updates = Math.min(docs, maxUpdates);
  let next = 0;
  let busy = 0;
  t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: updateConcurrency }, async () => {
    for (let i = next++; i < updates; i = next++) {
      // FerretDB on SQLite answers SQLITE_BUSY to concurrent writers; count it and try again, as a job retry would.
      for (;;) {
        try {
          await col.updateOne({ _id: `cal:${i}` as never, version: 1 }, { $set: { version: 2, state: "evaluated" } });
          break;
        } catch (err) {
          if (!/SQLITE_BUSY|database is locked/.test(String(err))) throw err;
          busy++;
        }
      }
    }
  }));
  const updateSecs = secondsSince(t0);
  await conn.dropDatabase();
  await conn.close();
  return { docs, batch, insertManyDocsPerSec: docs / insertSecs, updates, conditionalUpdatesPerSec: updates / updateSecs, updateConcurrency, busyRetries: busy, insertSecs };
};

/** The domain's allocation and batching on in-memory data (one core, no I/O). */
export const calibrateDomain = (shape: OrderShape, orders: number, vendors: readonly string[]): DomainCalibration => {
  const list = drawOrders(shape, { n: orders, seed: 99, channel: "cal", startMs: Date.UTC(2026, 0, 1), stepMs: 10 });
  let stock: StockLevel[] = shape.skus.map((sku) => ({ sku, location: "main", onHand: 1, committed: 0 }));
  const bySku = new Map(stock.map((s) => [s.sku, s]));
  const backorders: BackorderLine[] = [];
  let t0 = process.hrtime.bigint();
  for (const order of list) {
    const levels = order.lines.map((l) => bySku.get(l.sku ?? "")).filter((s): s is StockLevel => s !== undefined);
    const ev = evaluateOrder({ order, stock: levels, locations: ["main"] });
    for (const s of applyStockDeltas(levels, ev.deltas)) bySku.set(s.sku, s);
    for (const s of ev.shortfalls) backorders.push({ ...s, recordedAt: order.placedAt });
  }
  const evalSecs = secondsSince(t0);
  stock = [...bySku.values()];
  const offers = offersFor(shape, vendors);
  t0 = process.hrtime.bigint();
  for (const v of vendors) {
    planPurchaseOrders({
      vendor: { id: v, currency: "USD", minOrderValue: 0, dropship: false, shipToLocation: "main" },
      window: { start: "2027-01-01T00:00:00.000Z", cutoff: "2027-01-01T00:00:00.000Z" },
      lines: backorders.filter((b) => vendorOf(b.sku, vendors) === v), offers: offers.filter((o) => o.vendor === v),
    });
  }
  const batchSecs = secondsSince(t0);
  const lines = list.reduce((n, o) => n + o.lines.length, 0);
  return { lines, evaluateLinesPerSec: lines / evalSecs, batchLinesPerSec: backorders.length / Math.max(batchSecs, 1e-6) };
};
