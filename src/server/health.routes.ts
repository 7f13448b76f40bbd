import { Router } from "express";

export type ReadinessCheck = { name: string; check: () => Promise<void> };
export type CheckOutcome = { name: string; ok: boolean; reason?: "timeout" | "error"; ms: number };
export type HealthLogger = { warn: (obj: object, msg: string) => void };

const TIMEOUT = Symbol("timeout");

/** One check, bounded: a hung Redis or Mongo must turn readiness red, not hang the probe. */
export const runCheck = async (c: ReadinessCheck, timeoutMs: number, log?: HealthLogger): Promise<CheckOutcome> => {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), timeoutMs);
  });
  try {
    const result = await Promise.race([c.check().then(() => "done" as const), timeout]);
    const ms = Math.round(performance.now() - started);
    if (result === TIMEOUT) {
      log?.warn({ check: c.name, timeoutMs }, "readiness check timed out");
      return { name: c.name, ok: false, reason: "timeout", ms };
    }
    return { name: c.name, ok: true, ms };
  } catch (err) {
    // The probe is unauthenticated: the cause goes to the log, not to the response.
    log?.warn({ check: c.name, err }, "readiness check failed");
    return { name: c.name, ok: false, reason: "error", ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
};

export type HealthRoutesOptions = { checks: readonly ReadinessCheck[]; checkTimeoutMs: number; logger?: HealthLogger };

/** /healthz: the process answers. /readyz: every dependency answers within its timeout. */
export const healthRoutes = (o: HealthRoutesOptions): Router => {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ ok: true });
  });
  router.get("/readyz", async (_req, res) => {
    const outcomes = await Promise.all(o.checks.map((c) => runCheck(c, o.checkTimeoutMs, o.logger)));
    const failed = outcomes.filter((r) => !r.ok).map((r) => ({ name: r.name, reason: r.reason }));
    res.setHeader("Cache-Control", "no-store");
    res.status(failed.length === 0 ? 200 : 503).json({ ok: failed.length === 0, checks: outcomes, failed });
  });
  return router;
};
