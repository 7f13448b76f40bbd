import { Schema, type Connection } from "mongoose";
import { modelOn } from "../mongo-connection.js";

/** The audit trail: every state change of an order, backorder line, PO and stock level. */
export interface AuditEvent {
  at: string;
  entity: "order" | "backorder" | "po" | "stock" | "quarantine";
  ref: string;
  what: string;
  from?: string | undefined;
  to?: string | undefined;
  why?: string | undefined;
  job?: string | undefined;
  data?: Record<string, unknown> | undefined;
}

const schema = new Schema(
  {
    _id: String,
    at: { type: String, required: true },
    entity: { type: String, required: true },
    ref: { type: String, required: true, index: true },
    what: { type: String, required: true },
    from: String,
    to: String,
    why: String,
    job: String,
    data: Schema.Types.Mixed,
  },
  { collection: "events", versionKey: false },
);

export const createEventRepository = (conn: Connection) => {
  const Event = modelOn<AuditEvent & { _id: string }>(conn, "Event", schema);

  /**
   * Appends events. Each carries an id derived from what caused it, so a retried job that records
   * the same change again adds nothing (duplicate ids are ignored).
   */
  const append = async (events: readonly (AuditEvent & { id: string })[]): Promise<void> => {
    if (events.length === 0) return;
    const docs = events.map(({ id, ...e }) => ({ _id: id, ...e }));
    await Event.insertMany(docs, { ordered: false }).catch((err: { code?: number; writeErrors?: { code?: number }[] }) => {
      const errors = err.writeErrors ?? [err];
      if (errors.some((e) => e.code !== 11000)) throw err;
    });
  };

  const forRef = async (ref: string): Promise<AuditEvent[]> =>
    (await Event.find({ ref }).sort({ at: 1, _id: 1 }).lean<AuditEvent[]>()).map(({ ...e }) => e);

  return { append, forRef };
};

export type EventRepository = ReturnType<typeof createEventRepository>;
