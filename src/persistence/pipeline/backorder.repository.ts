import { Schema, type Connection } from "mongoose";
import { modelOn } from "../mongo-connection.js";

/**
 * One document per sales-order line that is short. `quantity` is the line's current shortfall;
 * what covers it lives on PO lines (live links, never a copied counter: field report C14).
 */
export interface BackorderDoc {
  _id: string; // order#line
  order: string;
  channel: string;
  line: string;
  sku: string;
  title?: string | undefined;
  location: string;
  quantity: number;
  vendor: string | null;
  dropship: boolean;
  exception?: { code: string; reason: string } | undefined;
  placedAt: string;
  priority: number;
  recordedAt: string;
  updatedAt: string;
}

const schema = new Schema(
  {
    _id: String,
    order: { type: String, index: true },
    channel: String,
    line: String,
    sku: { type: String, index: true },
    title: String,
    location: String,
    quantity: Number,
    vendor: { type: String, index: true },
    dropship: Boolean,
    exception: Schema.Types.Mixed,
    placedAt: String,
    priority: Number,
    recordedAt: String,
    updatedAt: String,
  },
  { collection: "backorder_lines", versionKey: false },
);

export const backorderId = (order: string, line: string): string => `${order}#${line}`;

export const createBackorderRepository = (conn: Connection) => {
  const Backorder = modelOn<BackorderDoc>(conn, "Backorder", schema);

  /**
   * Sets the order's shortfalls: listed lines are upserted; lines short before and not listed now
   * drop to 0. Every write is by _id (the only filter FerretDB 1.x answers from an index).
   */
  const setForOrder = async (order: string, lines: readonly Omit<BackorderDoc, "_id" | "recordedAt">[], previouslyShort: readonly string[], now: string): Promise<void> => {
    const listed = new Set(lines.map((l) => l.line));
    const ops = [
      ...lines.map(({ exception, ...l }) => ({
        updateOne: {
          filter: { _id: backorderId(order, l.line) },
          // A line that now has a vendor loses its old exception: `$set` of an undefined field
          // leaves the stored one in place, and a line keeping it would never be bought.
          update: exception ? { $set: { ...l, exception, updatedAt: now }, $setOnInsert: { recordedAt: now } } : { $set: { ...l, updatedAt: now }, $unset: { exception: "" }, $setOnInsert: { recordedAt: now } },
          upsert: true,
        },
      })),
      ...previouslyShort.filter((line) => !listed.has(line)).map((line) => ({ updateOne: { filter: { _id: backorderId(order, line) }, update: { $set: { quantity: 0, updatedAt: now } } } })),
    ];
    // One command for the order's lines, each a point write by _id.
    if (ops.length > 0) await Backorder.bulkWrite(ops, { ordered: false });
  };

  /** Sets the remaining shortfall of existing backorder lines (after received units were granted). */
  const setQuantities = async (order: string, quantities: readonly { line: string; quantity: number }[], now: string): Promise<void> => {
    if (quantities.length === 0) return;
    await Backorder.bulkWrite(quantities.map((q) => ({ updateOne: { filter: { _id: backorderId(order, q.line) }, update: { $set: { quantity: q.quantity, updatedAt: now } } } })), { ordered: false });
  };

  const openForVendor = async (vendor: string): Promise<BackorderDoc[]> =>
    Backorder.find({ vendor, quantity: { $gt: 0 } }).sort({ priority: 1, placedAt: 1, _id: 1 }).lean<BackorderDoc[]>();

  const open = async (filter: Record<string, unknown> = {}): Promise<BackorderDoc[]> =>
    Backorder.find({ ...filter, quantity: { $gt: 0 } }).lean<BackorderDoc[]>();

  /** These backorder lines (by order and line), including those whose shortfall is now 0. */
  const byIds = async (refs: readonly { order: string; line: string }[]): Promise<BackorderDoc[]> => {
    const ids = [...new Set(refs.map((r) => backorderId(r.order, r.line)))];
    return (await Promise.all(ids.map((id) => Backorder.findById(id).lean<BackorderDoc>()))).filter((d): d is BackorderDoc => d !== null);
  };

  /** Open lines of these SKUs that found no vendor (an exception): a new offer may now serve them. */
  const exceptionsFor = async (skus: readonly string[]): Promise<BackorderDoc[]> =>
    skus.length === 0 ? [] : Backorder.find({ sku: { $in: [...new Set(skus)] }, quantity: { $gt: 0 }, "exception.code": { $exists: true } }).lean<BackorderDoc[]>();

  const vendorsWithOpenLines = async (): Promise<string[]> =>
    ((await Backorder.distinct("vendor", { quantity: { $gt: 0 } })) as (string | null)[]).filter((v): v is string => v !== null);

  return { setForOrder, setQuantities, openForVendor, open, byIds, exceptionsFor, vendorsWithOpenLines };
};

export type BackorderRepository = ReturnType<typeof createBackorderRepository>;
