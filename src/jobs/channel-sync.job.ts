import { ChannelSyncPayloadSchema } from "./payloads.js";
import { Queues } from "./queue-names.js";
import { defineJob } from "./define-job.js";
import { channelSyncStep } from "./steps/channel-sync.step.js";
import type { PipelineDeps } from "./steps/pipeline-deps.js";

/** channel.sync: place or release the out-of-stock hold on the channel. */
export const channelSyncJob = (deps: PipelineDeps) =>
  defineJob({
    queue: Queues.channelSync,
    schema: ChannelSyncPayloadSchema,
    run: async (p) => channelSyncStep(deps, p.channel, p.externalId, p.hold, p.holdSeq),
  });
