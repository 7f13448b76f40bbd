import { Schema } from "mongoose";
import type { Connection, Model } from "mongoose";

/**
 * One row per accepted order version. FerretDB 1.24 (SQLite backend) does NOT apply conditional
 * updates atomically: 20 parallel `updateOne({_id, v: 0}, {$set: {v: 1}})` report 4-5 modified
 * documents, and parallel `$inc`s are lost (checked against the running server). An insert into a
 * unique index is atomic there, so the right to write version N+1 is claimed by inserting this row.
 */
export interface RevisionDoc {
  _id: string;
  channel: string;
  externalId: string;
  version: number;
  claimedAt: Date;
}

const RevisionSchema = new Schema<RevisionDoc>(
  { _id: String, channel: { type: String, required: true }, externalId: { type: String, required: true }, version: { type: Number, required: true }, claimedAt: Date },
  { collection: "order_revisions", versionKey: false },
);
RevisionSchema.index({ channel: 1, externalId: 1, version: 1 }, { unique: true });

export const orderRevisionModel = (conn: Connection): Model<RevisionDoc> =>
  (conn.models["OrderRevision"] as Model<RevisionDoc> | undefined) ?? conn.model<RevisionDoc>("OrderRevision", RevisionSchema);
