import type { JobsOptions, Queue } from "bullmq";
import type { ZodType, ZodTypeDef } from "zod";
import { PermanentError } from "../shared/errors.js";

export interface EnqueueResult {
  jobId: string;
  /** The id already existed: this add did nothing (BullMQ keeps the first job for an id). */
  duplicate: boolean;
}

/**
 * Validates the payload, adds the job under a deterministic id, and reports whether the id was
 * already taken — BullMQ ignores such an add silently, which is how edits got lost elsewhere
 * (field report C10), so ids must carry the version of the work and duplicates are made visible.
 */
export const enqueue = async <P>(
  queue: Queue,
  schema: ZodType<P, ZodTypeDef, unknown>,
  name: string,
  payload: P,
  jobId: string,
  opts: JobsOptions = {},
): Promise<EnqueueResult> => {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new PermanentError("JOB.INVALID_PAYLOAD", `${queue.name}: ${parsed.error.message}`);
  // Reporting only: BullMQ's own id check is what collapses duplicates, even under a race here.
  if (await queue.getJob(jobId)) return { jobId, duplicate: true };
  await queue.add(name, parsed.data, { ...opts, jobId });
  return { jobId, duplicate: false };
};
