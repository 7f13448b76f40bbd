import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

interface ChaosSummary {
  trials: number;
  faults: Record<string, number>;
  crashPointsFired: string[];
  violations: string[];
}

const runChaos = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/chaos.ts", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });

/**
 * The short form of `npm run chaos`: one trial on a small input, with its own Redis and FerretDB,
 * workers killed at random and at every named crash point, one Redis and one Mongo restart.
 */
describe("chaos, short", () => {
  it("loses, doubles and strands nothing while workers, Redis and Mongo are killed", async () => {
    const r = await runChaos(["--trials", "1", "--orders", "8", "--seed", "3", "--json"]);
    const summary = JSON.parse(r.stdout) as ChaosSummary;
    expect(summary.violations, r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    expect(summary.trials).toBe(1);
    // The trial really broke things: every crash point fired and both servers were restarted.
    expect(summary.crashPointsFired).toEqual(["evaluation-intent", "order-stored", "po-recorded", "po-sent-unrecorded", "receipt-mid-allocation"]);
    expect(summary.faults["redisRestarts"]).toBe(1);
    expect(summary.faults["mongoRestarts"]).toBe(1);
    expect(summary.faults["supplierFailures"]).toBeGreaterThan(0);
  }, 600_000);
});
