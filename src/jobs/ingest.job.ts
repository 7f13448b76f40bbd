import type { SalesOrder } from "../domain/order.js";
import { syncChannel } from "../ingest/sync-channel.js";
import type { QuarantineRepository } from "../persistence/orders/quarantine.repository.js";
import type { SyncCursorRepository } from "../persistence/orders/sync-cursor.repository.js";
import { crashPoint } from "../shared/crash-points.js";
import { PermanentError } from "../shared/errors.js";
import { IngestPayloadSchema } from "./payloads.js";
import { ingestQueue } from "./queue-names.js";
import { defineJob } from "./define-job.js";
import type { PipelineDeps } from "./steps/pipeline-deps.js";

export interface IngestStores {
  channel: string;
  cursors: SyncCursorRepository;
  quarantine: QuarantineRepository;
}

/**
 * Stores one order; a new or changed version is queued for evaluation (job id carries the version).
 * So is a version this process first meets in the store: a poll killed between storing an order and
 * queueing it is re-run by another process that finds the order "unchanged", and the queue's job id
 * makes the extra add a no-op when the first one did land.
 */
export const storeOrder = async (deps: PipelineDeps, order: SalesOrder) => {
  const result = await deps.orders.upsertOrder(order);
  crashPoint("order-stored");
  if (result.outcome === "created" || result.outcome === "updated" || (result.outcome === "unchanged" && result.readBack)) {
    await deps.next.evaluate({ channel: order.channel, externalId: order.externalId, version: result.version });
  }
  return result;
};

/** ingest.<channel>: scheduled polls and single-order fetches (webhooks are stored on arrival). */
export const ingestJob = (deps: PipelineDeps, stores: IngestStores) =>
  defineJob({
    queue: ingestQueue(stores.channel),
    schema: IngestPayloadSchema,
    run: async (p, _job, log) => {
      const connector = deps.connector(p.channel);
      if (!connector) throw new PermanentError("INGEST.UNKNOWN_CHANNEL", `channel ${p.channel} is not configured or not enabled`);
      if (p.kind === "fetch") {
        const order = await connector.fetchOrder(p.externalId);
        return order ? (await storeOrder(deps, order)).outcome : "not-found";
      }
      const progress = await syncChannel(
        { connector, orders: { upsertOrder: (o: SalesOrder) => storeOrder(deps, o) }, cursors: stores.cursors, quarantine: stores.quarantine },
        p.since ? { since: p.since } : {},
      );
      log.info({ channel: p.channel, pages: progress.pages, ...progress.counts }, "channel synced");
      return progress.counts;
    },
  });
