import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import type { Queue } from "bullmq";
import { sampleProc, type ProcSample } from "./probes.js";

/**
 * Worker processes exactly as operators run them (`backorder start --role worker`), started with
 * node's tsx loader directly so the pid we sample is the worker itself, not a launcher.
 */
export interface WorkerPool {
  pids: number[];
  samples: () => ProcSample[];
  stop: () => Promise<void>;
}

export const startWorkers = async (repoRoot: string, count: number, configDir: string, env: NodeJS.ProcessEnv, probe: Queue): Promise<WorkerPool> => {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "src/cli/main.ts"), "start", "--role", "worker", "--config-dir", configDir], {
      cwd: repoRoot, env, stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (b: Buffer) => process.stderr.write(`[worker ${i}] ${b.toString()}`));
    children.push(child);
  }
  // Ready when every process has registered its worker on the probe queue.
  const deadline = Date.now() + 120_000;
  while ((await probe.getWorkersCount()) < count) {
    if (Date.now() > deadline) throw new Error(`only ${await probe.getWorkersCount()} of ${count} worker processes came up`);
    if (children.some((c) => c.exitCode !== null)) throw new Error("a worker process exited during start");
    await new Promise((r) => setTimeout(r, 250));
  }
  const pids = children.map((c) => c.pid ?? 0);
  return {
    pids,
    samples: () => pids.map((p) => sampleProc(p)).filter((s): s is ProcSample => s !== null),
    stop: async () => {
      await Promise.all(children.map(async (c) => {
        if (c.exitCode !== null) return;
        c.kill("SIGTERM");
        const timer = setTimeout(() => c.kill("SIGKILL"), 25_000);
        await once(c, "exit");
        clearTimeout(timer);
      }));
    },
  };
};
