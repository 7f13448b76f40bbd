import { createHash } from "node:crypto";
import { Schema, type Connection } from "mongoose";
import { isDuplicateKeyError, modelOn } from "../mongo-connection.js";


/**
 * Supplier answers (acknowledgements, ship notices, receipts) as they arrived, stored before any
 * job runs: the id is a hash of the content and its source, so a callback or EDI file delivered
 * twice is one event. `applied` records that the PO and stock were updated.
 */
export interface SupplierEventDoc {
  _id: string;
  source: "callback" | "sftp" | "manual";
  vendor: string;
  poNumber: string;
  event: Record<string, unknown>;
  receivedAt: string;
  applied: boolean;
  appliedAt?: string | undefined;
  releasedOrders?: string[] | undefined;
  /** The decided effect, recorded before it is applied, so a retry applies the same effect. */
  outcome?: Record<string, unknown> | undefined;
}

const schema = new Schema(
  {
    _id: String,
    source: String,
    vendor: String,
    poNumber: { type: String, index: true },
    event: Schema.Types.Mixed,
    receivedAt: String,
    applied: Boolean,
    appliedAt: String,
    releasedOrders: Schema.Types.Mixed,
    outcome: Schema.Types.Mixed,
  },
  { collection: "supplier_events", versionKey: false },
);

export const supplierEventId = (source: string, vendor: string, event: unknown, discriminator = ""): string =>
  createHash("sha256").update(`${source}|${vendor}|${discriminator}|${JSON.stringify(event)}`).digest("hex").slice(0, 32);

export const createSupplierEventRepository = (conn: Connection) => {
  const Ev = modelOn<SupplierEventDoc>(conn, "SupplierEvent", schema);

  const record = async (doc: Omit<SupplierEventDoc, "applied">): Promise<"new" | "duplicate"> => {
    try {
      await Ev.create({ ...doc, applied: false });
      return "new";
    } catch (err) {
      if (isDuplicateKeyError(err)) return "duplicate";
      throw err;
    }
  };

  const get = async (id: string): Promise<SupplierEventDoc | null> => Ev.findById(id).lean<SupplierEventDoc>();

  const markApplied = async (id: string, at: string): Promise<void> => {
    await Ev.updateOne({ _id: id }, { $set: { applied: true, appliedAt: at } });
  };

  const recordOutcome = async (id: string, outcome: Record<string, unknown>): Promise<void> => {
    await Ev.updateOne({ _id: id }, { $set: { outcome } });
  };

  const unapplied = async (): Promise<SupplierEventDoc[]> => Ev.find({ applied: false }).lean<SupplierEventDoc[]>();

  return { record, get, markApplied, recordOutcome, unapplied };
};

export type SupplierEventRepository = ReturnType<typeof createSupplierEventRepository>;
