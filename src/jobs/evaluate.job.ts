import { EvaluatePayloadSchema } from "./payloads.js";
import { Queues } from "./queue-names.js";
import { defineJob } from "./define-job.js";
import { evaluateOrderStep } from "./steps/evaluate-order.step.js";
import { continueWaiting, waitingSkuOf } from "./steps/requeue-waiting.js";
import type { PipelineDeps } from "./steps/pipeline-deps.js";

/** orders.evaluate: reserve stock for one order version and record its shortfalls. */
export const evaluateJob = (deps: PipelineDeps) =>
  defineJob({
    queue: Queues.evaluate,
    schema: EvaluatePayloadSchema.extend({ force: EvaluatePayloadSchema.shape.channel.optional() }),
    run: async (p, job, log) => {
      const outcome = await evaluateOrderStep(deps, p.channel, p.externalId, p.force !== undefined);
      const waitedFor = waitingSkuOf(p.force);
      if (waitedFor !== null) await continueWaiting(deps, waitedFor, `${p.channel}:${p.externalId}`);
      log.debug({ order: `${p.channel}:${p.externalId}`, version: p.version, outcome, jobId: job.id }, "order evaluated");
      return outcome;
    },
  });
