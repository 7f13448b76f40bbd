import { InboundPayloadSchema } from "./payloads.js";
import { Queues } from "./queue-names.js";
import { defineJob } from "./define-job.js";
import { applySupplierEventStep } from "./steps/apply-supplier-event.step.js";
import type { PipelineDeps } from "./steps/pipeline-deps.js";

/** po.inbound: apply one stored supplier event (acknowledgement, ship notice, receipt). */
export const inboundJob = (deps: PipelineDeps) =>
  defineJob({
    queue: Queues.inbound,
    schema: InboundPayloadSchema,
    run: async (p) => applySupplierEventStep(deps, p.eventId),
  });
