import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Redis } from "ioredis";

/** What /proc says about one process: CPU seconds so far, current and peak resident memory. */
export interface ProcSample {
  pid: number;
  cpuSeconds: number;
  rssMb: number;
  hwmMb: number;
}

const TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export const sampleProc = (pid: number): ProcSample | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuSeconds = (Number(f[11]) + Number(f[12])) / TICKS;
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    return { pid, cpuSeconds, rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
};

/** The pid listening on a loopback TCP port (Redis, FerretDB), read from `ss`; null when unknown. */
export const pidOnPort = (port: number): number | null => {
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`]).toString();
    const m = /pid=(\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
};

/** Redis: total commands processed and calls per command (INFO stats / commandstats). */
export const redisCounters = async (redis: Redis): Promise<{ total: number; byCommand: Record<string, number> }> => {
  const stats = await redis.info("stats");
  const total = Number(/total_commands_processed:(\d+)/.exec(stats)?.[1] ?? 0);
  const cs = await redis.info("commandstats");
  const byCommand: Record<string, number> = {};
  for (const m of cs.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) byCommand[m[1] ?? "?"] = Number(m[2]);
  return { total, byCommand };
};

/**
 * FerretDB's Prometheus counters (its --debug-addr; services.sh uses 127.0.0.1:27088, older starts
 * used FerretDB's default 127.0.0.1:8088): requests by command. Null when neither answers, e.g. on
 * a real MongoDB, where serverStatus().opcounters is read instead.
 */
const FERRET_DEBUG = ["http://127.0.0.1:27088/debug/metrics", "http://127.0.0.1:8088/debug/metrics"];

export const ferretCommands = async (): Promise<Record<string, number> | null> => {
  for (const url of FERRET_DEBUG) {
    try {
      const text = await (await fetch(url, { signal: AbortSignal.timeout(3000) })).text();
      const out: Record<string, number> = {};
      for (const m of text.matchAll(/^ferretdb_client_requests_total\{command="([^"]+)"[^}]*\} (\d+)/gm)) out[m[1] ?? "?"] = (out[m[1] ?? "?"] ?? 0) + Number(m[2]);
      if (Object.keys(out).length > 0) return out;
    } catch {
      continue;
    }
  }
  return null;
};

/** Commands that carry work; connection chatter (hello, endSessions, ping) is left out. */
const HOUSEKEEPING = new Set(["hello", "isMaster", "ismaster", "endSessions", "ping", "unknown", "buildInfo", "getParameter"]);

export const diffCounts = (before: Record<string, number>, after: Record<string, number>, skipHousekeeping = true): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] ?? 0);
    if (d > 0 && !(skipHousekeeping && HOUSEKEEPING.has(k))) out[k] = d;
  }
  return out;
};

export const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
};
