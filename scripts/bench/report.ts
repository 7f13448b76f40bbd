import type { BullCalibration, DomainCalibration, MongoCalibration } from "./calibrate.js";
import type { E2eResult } from "./e2e.js";
import type { BudgetFigures } from "./ingest-budget.js";
import { sum } from "./probes.js";

export interface BenchResults {
  startedAt: string;
  machine: { cores: number; loadAvgAtStart: number[] };
  shape: Record<string, unknown>;
  calibration: { bullmq: BullCalibration; mongo: MongoCalibration; domain: DomainCalibration };
  main: E2eResult;
  halfRate?: E2eResult & { offeredPerSec: number };
  scaling: E2eResult[];
  budget: BudgetFigures[];
}

export interface Row { id: string; what: string; measured: string; target: string; met: boolean | null }

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: 0 }) : "n/a");

/**
 * Least-squares slope of RSS (MB) per 1,000 orders evaluated, for the largest worker, over the
 * second half of the run: the first half holds the process's warm-up (modules loaded, code
 * compiled, V8 growing its heap to the working set), which says nothing about growth per order.
 */
export const rssSlopePer1000 = (r: E2eResult): number => {
  const all = r.rssTrail.map((t) => [t.evaluated, Math.max(...t.rssMb)] as const).filter(([, y]) => Number.isFinite(y));
  const late = all.filter(([x]) => x >= r.orders / 2);
  const pts = late.length >= 3 ? late : all;
  if (pts.length < 2) return Number.NaN;
  const mx = sum(Object.fromEntries(pts.map(([x], i) => [i, x]))) / pts.length;
  const my = sum(Object.fromEntries(pts.map(([, y], i) => [i, y]))) / pts.length;
  const num = pts.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = pts.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? Number.NaN : (num / den) * 1000;
};

export const buildRows = (r: BenchResults): Row[] => {
  const m = r.main;
  const mongoPerOrder = m.mongoCommands ? sum(m.mongoCommands) / m.orders : Number.NaN;
  const redisPerLine = m.redisCommands / m.lines;
  const cpuTotal = sum(Object.fromEntries(Object.entries(m.cpuSeconds).filter(([, v]) => Number.isFinite(v))));
  const peak = Math.max(...m.peakRssMb);
  const slope = rssSlopePer1000(m);
  const projected = peak + Math.max(0, slope) * ((200_000 - m.orders) / 1000);
  const ratioInsert = m.linesPerSec / r.calibration.mongo.insertManyDocsPerSec;
  const ratioBull = m.linesPerSec / r.calibration.bullmq.processJobsPerSec;
  const one = r.scaling.find((s) => s.workers === 1);
  const speed = (w: number) => { const s = r.scaling.find((x) => x.workers === w); return s && one ? s.linesPerSec / one.linesPerSec : Number.NaN; };
  const rows: Row[] = [
    { id: "E2E", what: `end to end, ${m.workers} worker process(es), ${m.orders} orders / ${m.lines} lines in ${f(m.seconds)} s`, measured: `${f(m.ordersPerSec)} orders/s, ${f(m.linesPerSec)} lines/s`, target: "≥ 1,000 lines/s", met: m.linesPerSec >= 1000 },
    { id: "R1", what: "lines/s ÷ raw insertMany docs/s", measured: `${f(m.linesPerSec)} ÷ ${f(r.calibration.mongo.insertManyDocsPerSec)} = ${f(ratioInsert, 3)}`, target: "≥ 1.0", met: ratioInsert >= 1 },
    { id: "R2", what: "lines/s ÷ raw BullMQ no-op jobs/s", measured: `${f(m.linesPerSec)} ÷ ${f(r.calibration.bullmq.processJobsPerSec)} = ${f(ratioBull, 3)}`, target: "(reported)", met: null },
    { id: "M1", what: "MongoDB commands per order", measured: m.mongoCommands ? `${f(mongoPerOrder)} (${Object.entries(m.mongoCommands).map(([k, v]) => `${k} ${f(v / m.orders)}`).join(", ")})` : "n/a (no FerretDB metrics)", target: "≤ 3", met: Number.isFinite(mongoPerOrder) ? mongoPerOrder <= 3 : null },
    { id: "Q1", what: "Redis commands per order line", measured: f(redisPerLine), target: "≤ 25", met: redisPerLine <= 25 },
    { id: "C1", what: "CPU seconds per 1,000 lines (workers + Redis + FerretDB + driver)", measured: `${f((cpuTotal / m.lines) * 1000)} (${Object.entries(m.cpuSeconds).map(([k, v]) => `${k} ${f(v)}`).join(", ")} s)`, target: "(reported)", met: null },
    { id: "L1", what: "p50 / p99 latency, arrival→evaluated + window close→PO sent (main run, saturated)", measured: `${f(m.latency.processingP50Ms, 0)} / ${f(m.latency.processingP99Ms, 0)} ms`, target: "(reported)", met: null },
  ];
  if (r.halfRate) {
    const h = r.halfRate;
    rows.push({ id: "L2", what: `p99 at half the max rate (${f(h.offeredPerSec)} orders/s offered, open loop); wall p99 incl. window wait`, measured: `p50 ${f(h.latency.processingP50Ms, 0)} ms, p99 ${f(h.latency.processingP99Ms, 0)} ms; wall p99 ${f(h.latency.wallP99Ms, 0)} ms`, target: "p99 < 2,000 ms", met: h.latency.processingP99Ms < 2000 });
  }
  rows.push({ id: "RSS", what: `peak RSS per worker (VmHWM); growth ${f(slope, 2)} MB per 1,000 orders over the run's second half, extrapolated to 200,000 orders`, measured: `${f(peak)} MB now → ${f(projected)} MB projected`, target: "< 400 MB", met: projected < 400 });
  for (const b of r.budget) rows.push({ id: "B", what: `${b.api}: ${f(b.seconds)} s window, budgetShare ${b.budgetShare}`, measured: `${f(b.usedShare * 100)} % of budget (${f(b.spent)} of ${f(b.available)}), ${f(b.throttledShare * 100, 2)} % throttled (${b.throttled}/${b.requests})`, target: "≥ 85 %, ≤ 1 % throttled", met: b.usedShare >= 0.85 && b.throttledShare <= 0.01 });
  for (const s of r.scaling) {
    const use = utilisation(s, r.machine.cores);
    const missed = s.workers === 2 && !(speed(2) >= 1.6);
    rows.push({
      id: `S${s.workers}`, what: `${s.workers} worker process(es), ${s.orders} orders`,
      measured: `${f(s.linesPerSec)} lines/s, ×${f(speed(s.workers), 2)}; CPU (share of one core over the run): ${use.parts}; machine ${f(use.machine * 100)} % of ${r.machine.cores} cores${missed ? `; saturated: ${use.saturated}` : ""}`,
      target: s.workers === 2 ? "≥ 1.6× one" : "", met: s.workers === 2 ? speed(2) >= 1.6 : null,
    });
  }
  return rows;
};

/**
 * Each process group's CPU as a share of one core over the run, and which shared resource binds:
 * the busier of Redis and the Mongo-wire server (each one process), or the machine's cores when
 * everything together uses nearly all of them.
 */
const utilisation = (s: E2eResult, cores: number): { parts: string; machine: number; saturated: string } => {
  const share = Object.fromEntries(Object.entries(s.cpuSeconds).filter(([, v]) => Number.isFinite(v)).map(([k, v]) => [k, s.seconds > 0 ? v / s.seconds : 0]));
  const machine = Object.values(share).reduce((a, b) => a + b, 0) / cores;
  const [server, used] = (["mongo", "redis"] as const).map((k) => [k, share[k] ?? 0] as const).sort((a, b) => b[1] - a[1])[0] ?? ["mongo", 0];
  const name = server === "mongo" ? "database CPU (the Mongo-wire server)" : "Redis CPU";
  const saturated = machine >= 0.85 ? `machine CPU (${f(machine * 100)} % of ${cores} cores; busiest shared server ${name} at ${f(used * 100)} % of a core)` : `${name} at ${f(used * 100)} % of a core`;
  return { parts: Object.entries(share).map(([k, v]) => `${k} ${f(v * 100)} %`).join(", "), machine, saturated };
};

export const renderTable = (rows: Row[]): string => {
  const head = "| id | what | measured | target | |\n|---|---|---|---|---|";
  return [head, ...rows.map((x) => `| ${x.id} | ${x.what} | ${x.measured} | ${x.target} | ${x.met === null ? "" : x.met ? "met" : "**missed**"} |`)].join("\n");
};

export const renderCalibration = (r: BenchResults): string => {
  const c = r.calibration;
  return [
    `Calibration (same run, same machine, load average at start ${r.machine.loadAvgAtStart.map((x) => f(x, 2)).join(" ")} on ${r.machine.cores} cores):`,
    `- BullMQ no-op: addBulk(50) ${f(c.bullmq.addBulkJobsPerSec)} jobs/s; worker at concurrency ${c.bullmq.concurrency} ${f(c.bullmq.processJobsPerSec)} jobs/s; ${f(c.bullmq.redisCommandsPerJob)} Redis commands per job (${c.bullmq.jobs} jobs)`,
    `- Mongo wire: insertMany(${c.mongo.batch}, unordered) ${f(c.mongo.insertManyDocsPerSec)} order docs/s (${c.mongo.docs} docs); conditional updateOne ${f(c.mongo.conditionalUpdatesPerSec)}/s at concurrency ${c.mongo.updateConcurrency} (${c.mongo.updates} updates, ${c.mongo.busyRetries} SQLITE_BUSY retries)`,
    `- Domain in memory: allocation ${f(c.domain.evaluateLinesPerSec, 0)} lines/s, batching ${f(c.domain.batchLinesPerSec, 0)} lines/s (${c.domain.lines} lines)`,
  ].join("\n");
};
