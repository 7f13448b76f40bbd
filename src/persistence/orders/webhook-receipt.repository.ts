import { Schema } from "mongoose";
import type { Connection, Model } from "mongoose";

/**
 * One receipt per Shopify webhook delivery id (the same on Shopify's retries,
 * https://shopify.dev/apps/build/webhooks/ignore-duplicates). The unique index is the de-dup.
 */
export type ClaimResult = "new" | "duplicate";

export interface WebhookReceiptRepository {
  /** Claims the id; "duplicate" when it was already received. */
  claim(r: { webhookId: string; channel: string; topic: string; eventId?: string | undefined; triggeredAt?: string | undefined }): Promise<ClaimResult>;
  /** Gives a claim back when handing the event on failed, so Shopify's redelivery is processed. */
  release(webhookId: string): Promise<void>;
  markHandled(webhookId: string): Promise<void>;
  count(channel?: string): Promise<number>;
  ensureIndexes(): Promise<void>;
}

interface RDoc {
  _id: string;
  webhookId: string;
  channel: string;
  topic: string;
  eventId: string | null;
  triggeredAt: string | null;
  receivedAt: Date;
  handledAt: Date | null;
}

const RSchema = new Schema<RDoc>(
  { _id: String, webhookId: { type: String, required: true }, channel: String, topic: String, eventId: String, triggeredAt: String, receivedAt: Date, handledAt: Date },
  { collection: "webhook_receipts", versionKey: false },
);
RSchema.index({ webhookId: 1 }, { unique: true });

const model = (conn: Connection): Model<RDoc> => (conn.models["WebhookReceipt"] as Model<RDoc> | undefined) ?? conn.model<RDoc>("WebhookReceipt", RSchema);

/**
 * A claim never marked handled after this long belonged to a process that died mid-request
 * (Shopify got no 200 and redelivers): the redelivery takes it over instead of being answered
 * "duplicate" and dropped. Handling a webhook takes well under a second.
 */
const STALE_CLAIM_MS = 60_000;

export const createWebhookReceiptRepository = (conn: Connection, opts: { staleAfterMs?: number } = {}): WebhookReceiptRepository => {
  const M = model(conn);
  const staleAfter = opts.staleAfterMs ?? STALE_CLAIM_MS;
  const insert = async (r: Parameters<WebhookReceiptRepository["claim"]>[0]): Promise<ClaimResult> => {
    try {
      // The delivery id is the _id: FerretDB 1.x finds documents from an index by _id only.
      await M.create({ _id: r.webhookId, webhookId: r.webhookId, channel: r.channel, topic: r.topic, eventId: r.eventId ?? null, triggeredAt: r.triggeredAt ?? null, receivedAt: new Date(), handledAt: null });
      return "new";
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return "duplicate";
      throw err;
    }
  };
  return {
    async claim(r) {
      if ((await insert(r)) === "new") return "new";
      const held = await M.findById(r.webhookId, { handledAt: 1, receivedAt: 1 }).lean<Pick<RDoc, "handledAt" | "receivedAt">>();
      if (!held || held.handledAt !== null || Date.now() - new Date(held.receivedAt).getTime() < staleAfter) return "duplicate";
      // Only the stale claim itself is removed (its receivedAt in the filter): of two redeliveries
      // taking it over at once, one inserts and the other meets that fresh claim as a duplicate.
      await M.deleteOne({ _id: r.webhookId, handledAt: null, receivedAt: held.receivedAt });
      return insert(r);
    },
    async release(webhookId) {
      await M.deleteOne({ _id: webhookId, handledAt: null });
    },
    async markHandled(webhookId) {
      await M.updateOne({ _id: webhookId }, { $set: { handledAt: new Date() } });
    },
    count: (channel) => M.countDocuments(channel ? { channel } : {}),
    async ensureIndexes() {
      await M.createIndexes();
    },
  };
};
