/**
 * Reliability trials: `npm run chaos [-- --trials N --seed S --orders N --json]`.
 *
 * Runs the pipeline on a fixed input with worker processes as children, on a Redis and a
 * FerretDB of its own (the shared ones on 6379/27017 are never touched), and keeps breaking it:
 * SIGKILL of workers at random moments and at every named crash point, a SIGKILL + restart of
 * Redis (AOF everysec, noeviction) and of FerretDB mid-run, supplier 500s/429s/time-outs and
 * marketplace 500s and 429 bursts. After each trial it checks the invariants of
 * scripts/chaos/invariants.ts and exits 1 with the violations listed if any failed.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FERRETDB_BIN, startPrivateFerret, startPrivateRedis } from "./chaos/private-services.js";
import { runTrial, type TrialResult } from "./chaos/trial.js";

interface Args {
  trials: number;
  seed: number;
  orders: number;
  workers: number;
  json: boolean;
  killEveryMs: number;
  chaos: boolean;
}

const parseArgs = (argv: string[]): Args => {
  const a: Args = { trials: 3, seed: 1, orders: 24, workers: 2, json: false, killEveryMs: 8_000, chaos: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a whole number`);
      return v;
    };
    if (flag === "--trials") a.trials = Math.max(1, value());
    else if (flag === "--seed") a.seed = value();
    else if (flag === "--orders") a.orders = Math.max(1, value());
    else if (flag === "--workers") a.workers = Math.max(1, value());
    else if (flag === "--kill-every-ms") a.killEveryMs = Math.max(500, value());
    else if (flag === "--json") a.json = true;
    else if (flag === "--calm") a.chaos = false;
    else if (flag !== "--") throw new Error(`unknown option ${flag}; use --trials N --seed S --orders N --workers N --kill-every-ms MS --calm --json`);
  }
  return a;
};

const summarise = (args: Args, trials: TrialResult[], ms: number) => {
  const faults = trials.reduce(
    (t, r) => ({
      workerKills: t.workerKills + r.faults.workerKills,
      crashPointKills: t.crashPointKills + r.faults.crashPointKills,
      redisRestarts: t.redisRestarts + r.faults.redisRestarts,
      mongoRestarts: t.mongoRestarts + r.faults.mongoRestarts,
      supplierFailures: t.supplierFailures + r.faults.supplierFailures,
      marketplace500s: t.marketplace500s + r.faults.marketplace500s,
      marketplace429s: t.marketplace429s + r.faults.marketplace429s,
    }),
    { workerKills: 0, crashPointKills: 0, redisRestarts: 0, mongoRestarts: 0, supplierFailures: 0, marketplace500s: 0, marketplace429s: 0 },
  );
  const violations = trials.flatMap((t) => t.results.flatMap((r) => r.violations.map((v) => `trial ${t.index}: ${r.name}: ${v}`)));
  return {
    command: `npm run chaos -- --trials ${args.trials} --seed ${args.seed} --orders ${args.orders} --workers ${args.workers}`,
    trials: trials.length,
    orders: args.orders,
    durationMs: ms,
    faults,
    crashPointsFired: [...new Set(trials.flatMap((t) => t.faults.crashPointsFired))].sort(),
    duplicateSupplierAttempts: trials.reduce((s, t) => s + t.duplicateSupplierAttempts, 0),
    violations,
    perTrial: trials.map((t) => ({ index: t.index, durationMs: t.durationMs, faults: t.faults, violations: t.results.reduce((s, r) => s + r.violations.length, 0) })),
  };
};

// ioredis reports every refused reconnect while our Redis is down on purpose; that is expected noise.
const consoleError = console.error.bind(console);
console.error = (...a: unknown[]) => void (String(a[0]).startsWith("[ioredis]") ? undefined : consoleError(...a));

const main = async (): Promise<number> => {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(FERRETDB_BIN)) throw new Error(`${FERRETDB_BIN} is missing: run bash scripts/services.sh up once to build it`);
  const say = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);
  const root = mkdtempSync(join(tmpdir(), "bo-chaos-"));
  const started = Date.now();
  const redis = await startPrivateRedis(root);
  const ferret = await startPrivateFerret(root);
  const trials: TrialResult[] = [];
  try {
    say(`chaos: own Redis on ${redis.port}, own FerretDB on ${ferret.port}; ${args.trials} trial(s) of ${args.orders} orders, seed ${args.seed}`);
    for (let i = 1; i <= args.trials; i++) {
      const r = await runTrial({ index: i, seed: args.seed, root, orders: args.orders, workers: args.workers, redis, ferret, lockDurationMs: 4_000, killEveryMs: args.killEveryMs, chaos: args.chaos, phaseTimeoutMs: 150_000, say });
      trials.push(r);
      const bad = r.results.reduce((s, x) => s + x.violations.length, 0);
      const f = r.faults;
      say(`trial ${i}: ${(r.durationMs / 1000).toFixed(1)} s, ${f.workerKills} random kills, ${f.crashPointKills} crash-point kills [${f.crashPointsFired.join(" ")}], ` +
        `${f.redisRestarts} Redis + ${f.mongoRestarts} Mongo restarts, ${f.supplierFailures} supplier faults, ${f.marketplace500s}×500 ${f.marketplace429s}×429 from Shopify: ${bad} violation(s)`);
    }
  } finally {
    await redis.stop();
    await ferret.stop();
    rmSync(root, { recursive: true, force: true });
  }
  const summary = summarise(args, trials, Date.now() - started);
  if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    say(`\n${summary.trials} trials in ${(summary.durationMs / 1000).toFixed(0)} s; faults injected: ${JSON.stringify(summary.faults)}`);
    say(summary.violations.length === 0 ? "violations: 0" : `violations (${summary.violations.length}):\n  ${summary.violations.join("\n  ")}`);
  }
  return summary.violations.length === 0 ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
