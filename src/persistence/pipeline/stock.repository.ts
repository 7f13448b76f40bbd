import { createHash } from "node:crypto";
import { Schema, type Connection } from "mongoose";
import { modelOn } from "../mongo-connection.js";
import type { StockLevel } from "../../domain/catalog.js";
import type { StockDelta } from "../../domain/stock.js";

/**
 * Stock per SKU and location. `ops` remembers which operations were applied, so re-applying an
 * operation after a crash changes nothing; callers hold the SKU's lock (see shared/lock.ts) while
 * they change a level, because FerretDB does not apply updates atomically.
 */
interface StockDoc {
  _id: string;
  sku: string;
  location: string;
  onHand: number;
  committed: number;
  ops: Record<string, number>;
}

const schema = new Schema<StockDoc>(
  {
    _id: String,
    sku: { type: String, required: true, index: true },
    location: { type: String, required: true },
    onHand: { type: Number, default: 0 },
    committed: { type: Number, default: 0 },
    ops: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: "stock_levels", versionKey: false, minimize: false },
);

export interface StockChange extends StockDelta {
  onHand?: number;
}

const idOf = (sku: string, location: string): string => `${sku}@${location}`;
/** Field names may not hold '.' or '$'; a short hash of the operation id is safe and unique enough. */
const opField = (opId: string): string => `o${createHash("sha1").update(opId).digest("hex").slice(0, 20)}`;

export const createStockRepository = (conn: Connection) => {
  const Stock = modelOn<StockDoc>(conn, "Stock", schema);

  /**
   * Levels of these SKU/location pairs, each read by _id: FerretDB 1.x serves only _id equality
   * from an index, so parallel point reads beat one `$in` query, which scans the collection.
   */
  const levels = async (pairs: readonly { sku: string; location: string }[]): Promise<StockLevel[]> => {
    const ids = [...new Set(pairs.map((p) => idOf(p.sku, p.location)))];
    const docs = await Promise.all(ids.map((id) => Stock.findById(id, { ops: 0 }).lean<StockDoc>()));
    return docs.filter((d): d is StockDoc => d !== null).map((d) => ({ sku: d.sku, location: d.location, onHand: d.onHand, committed: d.committed }));
  };

  /** Applies each change once per `opId`; returns how many levels actually changed. */
  const apply = async (opId: string, changes: readonly StockChange[]): Promise<number> => {
    const field = opField(opId);
    // Each level is its own document (and its own lock): they are changed side by side.
    const done = await Promise.all(
      changes.map(async (c) => {
        const _id = idOf(c.sku, c.location);
        const doc = await Stock.findById(_id, { [`ops.${field}`]: 1 }).lean<StockDoc>();
        if (doc?.ops?.[field] !== undefined) return 0;
        await Stock.updateOne(
          { _id },
          { $inc: { committed: c.committed, onHand: c.onHand ?? 0 }, $set: { [`ops.${field}`]: c.committed, sku: c.sku, location: c.location } },
          { upsert: true },
        );
        return 1;
      }),
    );
    return done.reduce<number>((n, x) => n + x, 0);
  };

  /** Forgets the op markers once the owning document recorded the outcome. */
  const forget = async (opId: string, changes: readonly StockChange[]): Promise<void> => {
    const field = opField(opId);
    const ids = [...new Set(changes.map((c) => idOf(c.sku, c.location)))];
    // One point write per level: `_id $in` would scan the collection on FerretDB 1.x.
    await Promise.all(ids.map((_id) => Stock.updateOne({ _id }, { $unset: { [`ops.${field}`]: "" } })));
  };

  /** Sets on-hand for a SKU at a location (imports, stock counts); committed is left alone. */
  const setOnHand = async (sku: string, location: string, onHand: number): Promise<void> => {
    await Stock.updateOne({ _id: idOf(sku, location) }, { $set: { sku, location, onHand }, $setOnInsert: { committed: 0, ops: {} } }, { upsert: true });
  };

  const all = async (): Promise<StockLevel[]> =>
    (await Stock.find({}, { ops: 0 }).lean<StockDoc[]>()).map((d) => ({ sku: d.sku, location: d.location, onHand: d.onHand, committed: d.committed }));

  return { levels, apply, forget, setOnHand, all };
};

export type StockRepository = ReturnType<typeof createStockRepository>;
