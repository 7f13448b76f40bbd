import { closeSync, openSync } from "node:fs";
import { join } from "node:path";

/**
 * Named places where the reliability trials kill the process (SIGKILL, no clean-up), to prove that
 * a crash exactly there loses and doubles nothing. Inert unless BACKORDER_CRASH_POINTS names the
 * point and BACKORDER_CRASH_DIR is set; each point fires once per crash folder (a marker file is
 * created atomically first), so the restarted process runs on.
 */
export type CrashPoint = "order-stored" | "po-recorded" | "po-sent-unrecorded" | "receipt-mid-allocation" | "evaluation-intent";

export const crashPoint = (name: CrashPoint, env: NodeJS.ProcessEnv = process.env): void => {
  const points = env.BACKORDER_CRASH_POINTS;
  const dir = env.BACKORDER_CRASH_DIR;
  if (!points || !dir || !points.split(",").includes(name)) return;
  try {
    closeSync(openSync(join(dir, `${name}.fired`), "wx"));
  } catch {
    return; // already fired once
  }
  process.kill(process.pid, "SIGKILL");
};
