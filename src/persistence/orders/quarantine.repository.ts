import { Schema } from "mongoose";
import type { Connection, Model } from "mongoose";
import { hashPayload } from "./order-hash.js";

/** Inputs we could not accept, kept with the reason so a person can fix and replay them. */
export interface QuarantineEntry {
  channel: string;
  source: string;
  ref: string;
  reason: string;
  payload: unknown;
  payloadHash: string;
  firstSeenAt: string;
  lastSeenAt: string;
  seen: number;
}

export interface QuarantineRepository {
  /** Idempotent per (channel, ref, payload): the same bad payload twice is one entry seen twice. */
  add(entry: { channel: string; source: string; ref: string; reason: string; payload: unknown }): Promise<void>;
  list(channel?: string): Promise<QuarantineEntry[]>;
  ensureIndexes(): Promise<void>;
}

interface QDoc extends Omit<QuarantineEntry, "firstSeenAt" | "lastSeenAt"> {
  firstSeenAt: Date;
  lastSeenAt: Date;
}

const QSchema = new Schema<QDoc>(
  { channel: String, source: String, ref: String, reason: String, payload: Schema.Types.Mixed, payloadHash: String, firstSeenAt: Date, lastSeenAt: Date, seen: Number },
  { collection: "quarantine", versionKey: false, minimize: false },
);
QSchema.index({ channel: 1, ref: 1, payloadHash: 1 }, { unique: true });

const model = (conn: Connection): Model<QDoc> => (conn.models["Quarantine"] as Model<QDoc> | undefined) ?? conn.model<QDoc>("Quarantine", QSchema);

export const createQuarantineRepository = (conn: Connection): QuarantineRepository => {
  const M = model(conn);
  const add: QuarantineRepository["add"] = async (e) => {
    const payloadHash = hashPayload(e.payload ?? null);
    const now = new Date();
    const key = { channel: e.channel, ref: e.ref, payloadHash };
    const update = { $set: { reason: e.reason, source: e.source, lastSeenAt: now }, $inc: { seen: 1 }, $setOnInsert: { payload: e.payload ?? null, firstSeenAt: now } };
    try {
      await M.updateOne(key, update, { upsert: true });
    } catch (err) {
      // Two writers raced on the insert: the loser's upsert becomes an update.
      if ((err as { code?: number }).code !== 11000) throw err;
      await M.updateOne(key, update);
    }
  };
  return {
    add,
    async list(channel) {
      const docs = await M.find(channel ? { channel } : {}).sort({ firstSeenAt: 1 }).lean<QDoc[]>();
      return docs.map((d) => ({ channel: d.channel, source: d.source, ref: d.ref, reason: d.reason, payload: d.payload, payloadHash: d.payloadHash,
        firstSeenAt: new Date(d.firstSeenAt).toISOString(), lastSeenAt: new Date(d.lastSeenAt).toISOString(), seen: d.seen }));
    },
    async ensureIndexes() {
      await M.createIndexes();
    },
  };
};
