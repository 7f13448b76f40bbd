import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import type { ZodType, ZodTypeDef } from "zod";
import { RateLimitedError } from "../shared/errors.js";

export interface JobSpec<P> {
  queue: string;
  schema: ZodType<P, ZodTypeDef, unknown>;
  run: (payload: P, job: Job, log: Logger) => Promise<unknown>;
}

export const defineJob = <P>(spec: JobSpec<P>): JobSpec<P> => spec;

const isPermanent = (err: unknown): err is Error & { code: string } =>
  err instanceof Error && (err as { retryable?: unknown }).retryable === false && typeof (err as { code?: unknown }).code === "string";

/**
 * The one place where our errors meet BullMQ:
 * - an invalid payload or a permanent error fails at once as `[CODE] message` (UnrecoverableError);
 * - a rate-limit answer puts the job back after the wait the API asked for, without using an
 *   attempt (Worker.RateLimitError);
 * - anything else is retried with the worker's backoff (see backoff.ts), and an unknown error,
 *   being a bug, is logged with its stack.
 */
export const toProcessor =
  <P>(spec: JobSpec<P>, worker: () => Worker | undefined, logger: Logger) =>
  async (job: Job): Promise<unknown> => {
    const log = logger.child({ queue: spec.queue, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
    const parsed = spec.schema.safeParse(job.data);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      log.error({ issues: parsed.error.issues }, "invalid job payload");
      throw new UnrecoverableError(`[JOB.INVALID_PAYLOAD] ${detail}`);
    }
    try {
      return await spec.run(parsed.data, job, log);
    } catch (err) {
      if (err instanceof RateLimitedError && err.retryAfterMs !== undefined) {
        const w = worker();
        if (w) {
          log.warn({ code: err.code, retryAfterMs: err.retryAfterMs }, "rate limited; waiting");
          await w.rateLimit(err.retryAfterMs);
          throw Worker.RateLimitError();
        }
      }
      if (isPermanent(err)) {
        log.error({ code: err.code, err }, "permanent failure");
        throw new UnrecoverableError(`[${err.code}] ${err.message}`);
      }
      if (!(err instanceof Error) || (err as { retryable?: unknown }).retryable === undefined) log.error({ err }, "unexpected error; will retry");
      else log.warn({ code: (err as { code?: string }).code, msg: err.message }, "transient failure; will retry");
      throw err;
    }
  };
