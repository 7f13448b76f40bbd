import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const live = new Set<ChildProcess>();
// A trial that dies must not leave workers behind.
process.once("exit", () => live.forEach((c) => c.kill("SIGKILL")));

export interface PoolOptions {
  configDir: string;
  env: NodeJS.ProcessEnv;
  size: number;
  role?: string;
  /** Every child's stdout and stderr are appended here (the log scan of the security tests reads it). */
  logFile?: string;
}

/**
 * Worker processes as children of the trial, so they can be SIGKILLed like a crashed host.
 * A child that dies (killed by us, or by a crash point) is started again after `restartDelay`
 * while `keepAlive` is on.
 */
export const createWorkerPool = (o: PoolOptions) => {
  const slots: (ChildProcess | null)[] = Array.from({ length: o.size }, () => null);
  const log: WriteStream | null = o.logFile ? createWriteStream(o.logFile, { flags: "a" }) : null;
  let keepAlive = true;
  let restartDelay = (): number => 300;
  const stats = { started: 0, killedByUs: 0, diedOnTheirOwn: 0 };
  const killedByUs = new WeakSet<ChildProcess>();
  const startedAt: number[] = slots.map(() => 0);

  const start = (i: number): void => {
    // `node --import tsx`, not the tsx CLI: the CLI runs the program in a grandchild, which a
    // SIGKILL of the CLI would orphan instead of killing.
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "start", "--role", o.role ?? "worker", "--config-dir", o.configDir], {
      cwd: ROOT, env: o.env, stdio: ["ignore", "pipe", "pipe"],
    });
    stats.started++;
    slots[i] = child;
    startedAt[i] = Date.now();
    live.add(child);
    if (log) {
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
    } else {
      child.stdout?.resume();
      child.stderr?.resume();
    }
    child.once("exit", () => {
      live.delete(child);
      if (!killedByUs.has(child)) stats.diedOnTheirOwn++;
      if (slots[i] === child) slots[i] = null;
      if (keepAlive) setTimeout(() => keepAlive && slots[i] === null && start(i), restartDelay()).unref();
    });
  };

  return {
    stats,
    start: () => slots.forEach((_, i) => slots[i] ?? start(i)),
    setRestartDelay: (fn: () => number) => void (restartDelay = fn),
    running: () => slots.filter((c): c is ChildProcess => c !== null).length,
    /** SIGKILL one running child (by slot) that has been up `minUptimeMs`, as a host crash would. */
    killOne: (slot: number, minUptimeMs = 0): boolean => {
      const child = slots[slot % o.size];
      if (!child || child.exitCode !== null || Date.now() - (startedAt[slot % o.size] ?? 0) < minUptimeMs) return false;
      killedByUs.add(child);
      stats.killedByUs++;
      child.kill("SIGKILL");
      return true;
    },
    /** Stops every child with SIGTERM (graceful), then SIGKILL after a grace period. */
    stop: async (graceMs = 8_000): Promise<void> => {
      keepAlive = false;
      const live = slots.filter((c): c is ChildProcess => c !== null && c.exitCode === null && c.signalCode === null);
      await Promise.all(live.map((c) => new Promise<void>((resolve) => {
        const t = setTimeout(() => c.kill("SIGKILL"), graceMs);
        c.once("exit", () => (clearTimeout(t), resolve()));
        killedByUs.add(c);
        c.kill("SIGTERM");
      })));
      await new Promise<void>((r) => (log ? log.end(() => r()) : r()));
    },
  };
};

export type WorkerPool = ReturnType<typeof createWorkerPool>;
