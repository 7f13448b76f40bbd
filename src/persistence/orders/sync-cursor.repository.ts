import { Schema } from "mongoose";
import type { Connection, Model } from "mongoose";

/**
 * Where a channel's sync stands. `watermark` is the channelUpdatedAt up to which everything is stored;
 * while a run is in flight, `run` holds its start point, the page cursor to resume from and the
 * highest update seen so far, so a crash between pages resumes without gaps.
 */
export interface SyncCursor {
  channel: string;
  watermark: string | null;
  run: { since: string; pageCursor: string | null; highWatermark: string | null; pages: number } | null;
  updatedAt: string;
}

export interface SyncCursorRepository {
  get(channel: string): Promise<SyncCursor | null>;
  save(cursor: Omit<SyncCursor, "updatedAt">): Promise<void>;
  ensureIndexes(): Promise<void>;
}

interface CursorDoc extends Omit<SyncCursor, "updatedAt"> {
  updatedAt: Date;
}

const CursorSchema = new Schema<CursorDoc>(
  { channel: { type: String, required: true }, watermark: { type: String, default: null }, run: { type: Schema.Types.Mixed, default: null }, updatedAt: Date },
  { collection: "sync_cursors", versionKey: false, minimize: false },
);
CursorSchema.index({ channel: 1 }, { unique: true });

const model = (conn: Connection): Model<CursorDoc> =>
  (conn.models["SyncCursor"] as Model<CursorDoc> | undefined) ?? conn.model<CursorDoc>("SyncCursor", CursorSchema);

export const createSyncCursorRepository = (conn: Connection): SyncCursorRepository => {
  const M = model(conn);
  return {
    async get(channel) {
      const d = await M.findOne({ channel }).lean<CursorDoc>();
      return d ? { channel: d.channel, watermark: d.watermark ?? null, run: d.run ?? null, updatedAt: new Date(d.updatedAt).toISOString() } : null;
    },
    async save(c) {
      await M.updateOne({ channel: c.channel }, { $set: { watermark: c.watermark, run: c.run, updatedAt: new Date() } }, { upsert: true });
    },
    async ensureIndexes() {
      await M.createIndexes();
    },
  };
};
