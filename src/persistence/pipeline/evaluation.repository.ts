import { Schema, type Connection } from "mongoose";
import { modelOn } from "../mongo-connection.js";
import type { LineAllocation, Shortfall } from "../../domain/allocation.js";
import type { SalesOrderState } from "../../domain/order-state.js";
import type { StockDelta } from "../../domain/stock.js";

/**
 * The evaluation state of one sales order, kept apart from the order document so ingest and
 * evaluation never overwrite each other's fields. `pending` is the recorded intent of an
 * evaluation whose stock changes may be half applied; it is finished before anything new.
 */
export interface EvaluationDoc {
  _id: string; // orderKey
  channel: string;
  externalId: string;
  /** Order version last evaluated. */
  version: number;
  seq: number;
  state: SalesOrderState;
  onHold: boolean;
  /** Bumped whenever onHold flips; channel.sync jobs carry it so an old one cannot undo a newer one. */
  holdSeq: number;
  syncedHoldSeq: number;
  heldAt?: string | undefined;
  releasedAt?: string | undefined;
  placedAt: string;
  priority: number;
  lines: LineAllocation[];
  shortfall: number;
  pending?: PendingEvaluation | undefined;
  /** Supplier events already applied to this order (receipts granted to it). */
  appliedOps?: string[] | undefined;
  updatedAt: string;
}

export interface PendingEvaluation {
  seq: number;
  version: number;
  deltas: StockDelta[];
  lines: LineAllocation[];
  shortfalls: Shortfall[];
  onHold: boolean;
  state: SalesOrderState;
}

const schema = new Schema(
  {
    _id: String,
    channel: String,
    externalId: String,
    version: Number,
    seq: Number,
    state: { type: String, index: true },
    onHold: { type: Boolean, index: true },
    holdSeq: Number,
    syncedHoldSeq: Number,
    heldAt: String,
    releasedAt: String,
    placedAt: String,
    priority: Number,
    lines: Schema.Types.Mixed,
    shortfall: Number,
    pending: Schema.Types.Mixed,
    appliedOps: Schema.Types.Mixed,
    updatedAt: String,
  },
  { collection: "evaluations", versionKey: false, minimize: false },
);

export const createEvaluationRepository = (conn: Connection) => {
  const Evaluation = modelOn<EvaluationDoc>(conn, "Evaluation", schema);

  const get = async (key: string): Promise<EvaluationDoc | null> => Evaluation.findById(key).lean<EvaluationDoc>();

  const recordIntent = async (key: string, base: Omit<EvaluationDoc, "pending">, pending: PendingEvaluation): Promise<void> => {
    const { _id, ...fields } = base;
    void _id;
    await Evaluation.updateOne({ _id: key }, { $set: { ...fields, pending } }, { upsert: true });
  };

  const finish = async (key: string, fields: Partial<EvaluationDoc>): Promise<void> => {
    await Evaluation.updateOne({ _id: key }, { $set: fields, $unset: { pending: "" } });
  };

  const markSynced = async (key: string, holdSeq: number): Promise<void> => {
    await Evaluation.updateOne({ _id: key }, { $set: { syncedHoldSeq: holdSeq } });
  };

  /** Orders still waiting for a SKU, oldest first. */
  const waitingFor = async (sku: string): Promise<EvaluationDoc[]> =>
    Evaluation.find({ onHold: true, "lines.sku": sku }).sort({ priority: 1, placedAt: 1, _id: 1 }).lean<EvaluationDoc[]>();

  const withPending = async (): Promise<EvaluationDoc[]> => Evaluation.find({ pending: { $exists: true } }).lean<EvaluationDoc[]>();

  const list = async (filter: Record<string, unknown> = {}): Promise<EvaluationDoc[]> => Evaluation.find(filter).lean<EvaluationDoc[]>();

  return { get, recordIntent, finish, markSynced, waitingFor, withPending, list };
};

export type EvaluationRepository = ReturnType<typeof createEvaluationRepository>;
