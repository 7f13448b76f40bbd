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
   * With `opId`, the same reads also say which levels already carry that op's marker (`marked`,
   * for apply), so a step that reads levels and then applies an op reads each document once.
   */
  const levels = async (pairs: readonly { sku: string; location: string }[]): Promise<StockLevel[]> => (await read(pairs)).levels;

  const read = async (pairs: readonly { sku: string; location: string }[], opId?: string): Promise<{ levels: StockLevel[]; marked: Map<string, boolean> }> => {
    const ids = [...new Set(pairs.map((p) => idOf(p.sku, p.location)))];
    const field = opId === undefined ? undefined : opField(opId);
    const projection = field === undefined ? { ops: 0 } : { sku: 1, location: 1, onHand: 1, committed: 1, [`ops.${field}`]: 1 };
    const docs = await Promise.all(ids.map((id) => Stock.findById(id, projection).lean<StockDoc>()));
    const marked = new Map(ids.map((id, i) => [id, field !== undefined && docs[i]?.ops?.[field] !== undefined]));
    const levels = docs.filter((d): d is StockDoc => d !== null).map((d) => ({ sku: d.sku, location: d.location, onHand: d.onHand, committed: d.committed }));
    return { levels, marked };
  };

  /**
   * Applies each change once per `opId`; returns how many levels actually changed. `marked` is
   * what `read` saw under the same locks; levels it did not read are read here.
   */
  const apply = async (opId: string, changes: readonly StockChange[], marked?: ReadonlyMap<string, boolean>): Promise<number> => {
    const field = opField(opId);
    // Each level is its own document (and its own lock): markers are read side by side, and the
    // levels not yet changed by this op are changed in one unordered bulk of point updates.
    const done = await Promise.all(
      changes.map(async (c) => {
        const _id = idOf(c.sku, c.location);
        const known = marked?.get(_id);
        if (known !== undefined) return known;
        return (await Stock.findById(_id, { [`ops.${field}`]: 1 }).lean<StockDoc>())?.ops?.[field] !== undefined;
      }),
    );
    const todo = changes.filter((_, i) => !done[i]);
    if (todo.length === 0) return 0;
    await Stock.bulkWrite(
      todo.map((c) => ({
        updateOne: {
          filter: { _id: idOf(c.sku, c.location) },
          update: { $inc: { committed: c.committed, onHand: c.onHand ?? 0 }, $set: { [`ops.${field}`]: c.committed, sku: c.sku, location: c.location } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    return todo.length;
  };

  /** Forgets the op markers once the owning document recorded the outcome. */
  const forget = async (opId: string, changes: readonly StockChange[]): Promise<void> => {
    const field = opField(opId);
    const ids = [...new Set(changes.map((c) => idOf(c.sku, c.location)))];
    if (ids.length === 0) return;
    // Point writes in one command: `_id $in` would scan the collection on FerretDB 1.x.
    await Stock.bulkWrite(ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $unset: { [`ops.${field}`]: "" } } } })), { ordered: false });
  };

  /**
   * Sets on-hand for a SKU at a location (imports, stock counts); committed is left alone. Returns
   * the on-hand it replaced (0 for a new level), so a count that raised it can wake waiting orders.
   * Read, then write: FerretDB's findAndModify takes no projection, and a level's `ops` can be
   * large; callers that need the pair exact hold the SKU's lock, as `stock import` does.
   */
  const setOnHand = async (sku: string, location: string, onHand: number): Promise<number> => {
    const _id = idOf(sku, location);
    const before = await Stock.findById(_id, { onHand: 1 }).lean<Pick<StockDoc, "onHand">>();
    await Stock.updateOne({ _id }, { $set: { sku, location, onHand }, $setOnInsert: { committed: 0, ops: {} } }, { upsert: true });
    return before?.onHand ?? 0;
  };

  const all = async (): Promise<StockLevel[]> =>
    (await Stock.find({}, { ops: 0 }).lean<StockDoc[]>()).map((d) => ({ sku: d.sku, location: d.location, onHand: d.onHand, committed: d.committed }));

  return { levels, read, apply, forget, setOnHand, all };
};

export type StockRepository = ReturnType<typeof createStockRepository>;
