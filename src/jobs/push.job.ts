import { PushPayloadSchema } from "./payloads.js";
import { Queues } from "./queue-names.js";
import { defineJob } from "./define-job.js";
import { pushPoStep } from "./steps/push-po.step.js";
import type { PipelineDeps } from "./steps/pipeline-deps.js";

/** po.push: deliver one PO by its vendor's transport (a Retry of a completed job sends nothing). */
export const pushJob = (deps: PipelineDeps) =>
  defineJob({
    queue: Queues.push,
    schema: PushPayloadSchema,
    run: async (p, _job, log) => {
      const outcome = await pushPoStep(deps, p.poNumber);
      log.info({ poNumber: p.poNumber, outcome }, "purchase order push");
      return outcome;
    },
  });
