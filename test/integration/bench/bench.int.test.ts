import path from "node:path";
import { describe, expect, it } from "vitest";
import { calibrateBullmq, calibrateDomain, calibrateMongo } from "../../../scripts/bench/calibrate.js";
import { runEndToEnd } from "../../../scripts/bench/e2e.js";
import { drawOrders, loadOlistShape, shapeSummary } from "../../../scripts/bench/olist-shape.js";
import { buildRows, renderTable, type BenchResults } from "../../../scripts/bench/report.js";

// The benchmark's building blocks at tiny sizes: shapes and consistency of the figures, never
// timings (targets live in the report of `npm run bench`).
const repoRoot = path.resolve(import.meta.dirname, "../../..");
const shape = loadOlistShape(path.resolve(repoRoot, "../shared"));
const VENDORS = ["olist-a", "olist-b"];

describe("bench building blocks", () => {
  it("draws orders with the Olist shape: mostly one line, units per line near one", () => {
    const s = shapeSummary(shape);
    expect(s.orders).toBeGreaterThan(500);
    expect(s.linesPerOrder).toBeGreaterThanOrEqual(1);
    expect(s.linesPerOrder).toBeLessThan(1.5);
    const orders = drawOrders(shape, { n: 50, seed: 3, channel: "c", startMs: Date.UTC(2026, 0, 1), stepMs: 10 });
    expect(orders).toHaveLength(50);
    expect(new Set(orders.map((o) => o.externalId)).size).toBe(50);
    expect(orders.every((o) => o.lines.every((l) => shape.skus.includes(l.sku ?? "") && l.ordered >= 1 && l.variantId))).toBe(true);
    expect(drawOrders(shape, { n: 50, seed: 3, channel: "c", startMs: Date.UTC(2026, 0, 1), stepMs: 10 })).toEqual(orders);
  });

  it("calibrates BullMQ, the Mongo wire and the domain with positive rates", async () => {
    const domain = calibrateDomain(shape, 300, VENDORS);
    expect(domain.lines).toBeGreaterThanOrEqual(300);
    expect(domain.evaluateLinesPerSec).toBeGreaterThan(0);
    const bull = await calibrateBullmq(process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379", 200, 4);
    expect(bull.addBulkJobsPerSec).toBeGreaterThan(0);
    expect(bull.processJobsPerSec).toBeGreaterThan(0);
    expect(bull.redisCommandsPerJob).toBeGreaterThan(1);
    const mongo = await calibrateMongo(process.env["MONGODB_URI"] ?? "mongodb://127.0.0.1:27017/", shape, 60, 20, 2, 20);
    expect(mongo.insertManyDocsPerSec).toBeGreaterThan(0);
    expect(mongo.updates).toBe(20);
    expect(mongo.conditionalUpdatesPerSec).toBeGreaterThan(0);
  }, 120_000);

  it("runs the pipeline end to end in a worker process and reports consistent figures", async () => {
    const orders = drawOrders(shape, { n: 6, seed: 4, channel: "bench-shop", startMs: Date.now() - 3_600_000, stepMs: 100 });
    const lines = orders.reduce((n, o) => n + o.lines.length, 0);
    const r = await runEndToEnd({ repoRoot, shape, orders, workers: 1, concurrency: { "orders.evaluate": 2, "po.push": 2 }, vendors: VENDORS, timeoutMs: 150_000, log: () => undefined });
    expect(r.timedOut).toBe(false);
    expect(r.lines).toBe(lines);
    expect(r.latency.orders).toBe(6);
    // Nothing is on hand, so every order ends on a PO the supplier peer received.
    expect(r.latency.withPo).toBe(6);
    expect(r.posSent).toBeGreaterThanOrEqual(1);
    expect(r.posSent).toBeLessThanOrEqual(lines);
    expect(r.latency.processingP99Ms).toBeGreaterThanOrEqual(r.latency.processingP50Ms);
    expect(r.latency.wallP99Ms).toBeGreaterThanOrEqual(r.latency.processingP99Ms - 1);
    expect(r.linesPerSec).toBeCloseTo(lines / r.seconds, 6);
    expect(r.redisCommands).toBeGreaterThan(0);
    expect(r.cpuSeconds["workers"]).toBeGreaterThan(0);
    expect(r.peakRssMb).toHaveLength(1);
    expect(r.peakRssMb[0]).toBeGreaterThan(20);
    const results: BenchResults = {
      startedAt: new Date().toISOString(), machine: { cores: 2, loadAvgAtStart: [0, 0, 0] }, shape: {},
      calibration: { bullmq: { jobs: 1, concurrency: 1, addBulkJobsPerSec: 10, processJobsPerSec: 10, redisCommandsPerJob: 30 }, mongo: { docs: 1, batch: 1, insertManyDocsPerSec: 10, updates: 1, conditionalUpdatesPerSec: 5, updateConcurrency: 1, busyRetries: 0, insertSecs: 1 }, domain: { lines: 1, evaluateLinesPerSec: 1, batchLinesPerSec: 1 } },
      main: r, scaling: [r], budget: [],
    };
    const rows = buildRows(results);
    expect(rows.find((x) => x.id === "E2E")?.met).toBe(r.linesPerSec >= 1000);
    expect(rows.find((x) => x.id === "Q1")?.measured).toContain(String(Math.round(r.redisCommands / r.lines)).slice(0, 1));
    expect(renderTable(rows).split("\n").length).toBe(rows.length + 2);
    // Two workers no faster than one: the S2 row names the shared resource that binds, with its use.
    const flat = buildRows({ ...results, scaling: [{ ...r, workers: 1 }, { ...r, workers: 2 }] });
    const s2 = flat.find((x) => x.id === "S2");
    expect(s2?.met).toBe(false);
    expect(s2?.measured).toMatch(/CPU \(share of one core over the run\): .*mongo [\d.,]+ %/);
    expect(s2?.measured).toMatch(/machine [\d.,]+ % of 2 cores; saturated: (machine CPU|database CPU|Redis CPU)/);
  }, 180_000);
});
