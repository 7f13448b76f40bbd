import { Schema, type Connection } from "mongoose";
import { isDuplicateKeyError, modelOn } from "../mongo-connection.js";
import { PermanentError } from "../../shared/errors.js";
import type { PoState, PurchaseOrder } from "../../domain/purchase-order.js";
import type { AddressCipher } from "../orders/address-cipher.js";


/** Where a PO stands with its transport: intent is recorded before the send, outcome after. */
export interface Delivery {
  state: "pending" | "sending" | "sent" | "failed";
  transport?: string | undefined;
  attempts: number;
  reference?: string | undefined;
  duplicate?: boolean | undefined;
  lastError?: string | undefined;
  sentAt?: string | undefined;
  sendingSince?: string | undefined;
}

export interface StoredPurchaseOrder extends PurchaseOrder {
  delivery: Delivery;
  issuedAt?: string | undefined;
  /** When the last units arrived (the PO became received): the report's actual lead time. */
  receivedAt?: string | undefined;
  /** Supplier events already applied to this PO (written with the change they made). */
  appliedEvents?: string[] | undefined;
  updatedAt: string;
}

const schema = new Schema(
  {
    _id: String,
    poNumber: { type: String, required: true },
    batchKey: { type: String, required: true, unique: true },
    vendor: { type: String, index: true },
    currency: String,
    shipTo: Schema.Types.Mixed,
    windowStart: String,
    createdAt: String,
    issuedAt: String,
    receivedAt: String,
    state: { type: String, index: true },
    lines: Schema.Types.Mixed,
    notes: String,
    delivery: Schema.Types.Mixed,
    appliedEvents: Schema.Types.Mixed,
    updatedAt: String,
  },
  { collection: "purchase_orders", versionKey: false, minimize: false },
);

type Doc = Omit<StoredPurchaseOrder, "shipTo"> & { _id: string; shipTo: Record<string, unknown> };

export const createPurchaseOrderRepository = (conn: Connection, cipher: AddressCipher) => {
  const Po = modelOn<Doc>(conn, "PurchaseOrder", schema);

  const toDoc = (po: StoredPurchaseOrder): Doc => ({
    ...po,
    _id: po.poNumber,
    shipTo: po.shipTo.kind === "customer" ? { ...po.shipTo, address: po.shipTo.address ? cipher.encrypt(po.shipTo.address) : null } : { ...po.shipTo },
  });

  const fromDoc = (doc: Doc): StoredPurchaseOrder => {
    const { _id, shipTo, ...rest } = doc;
    void _id;
    const s = shipTo as { kind: string; location?: string; order?: string; address?: string | null };
    return {
      ...rest,
      shipTo:
        s.kind === "customer"
          ? { kind: "customer", order: s.order ?? "", address: typeof s.address === "string" ? cipher.decrypt(s.address) : null }
          : { kind: "warehouse", location: s.location ?? "main" },
    } as StoredPurchaseOrder;
  };

  /**
   * Inserts a PO; an existing PO for the same batch key wins (re-running a window adds nothing).
   * A PO number already taken by another batch is refused loudly: taking it for "exists" would
   * drop the new batch's lines without a word.
   */
  const insertIfAbsent = async (po: StoredPurchaseOrder): Promise<"inserted" | "exists"> => {
    try {
      await Po.create(toDoc(po));
      return "inserted";
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const holder = await Po.findById(po.poNumber, { batchKey: 1 }).lean<{ batchKey: string }>();
      if (holder && holder.batchKey !== po.batchKey) {
        throw new PermanentError("BATCH.PO_NUMBER_TAKEN", `PO number ${po.poNumber} of batch ${po.batchKey} already belongs to batch ${holder.batchKey}`, { poNumber: po.poNumber });
      }
      return "exists";
    }
  };

  const get = async (poNumber: string): Promise<StoredPurchaseOrder | null> => {
    const doc = await Po.findById(poNumber).lean<Doc>();
    return doc ? fromDoc(doc) : null;
  };

  const save = async (po: StoredPurchaseOrder): Promise<void> => {
    await Po.replaceOne({ _id: po.poNumber }, toDoc(po));
  };

  const setDelivery = async (poNumber: string, delivery: Delivery, state?: PoState, now?: string): Promise<void> => {
    await Po.updateOne({ _id: poNumber }, { $set: { delivery, ...(state ? { state } : {}), ...(now ? { updatedAt: now } : {}) } });
  };

  const list = async (filter: Record<string, unknown> = {}): Promise<StoredPurchaseOrder[]> =>
    (await Po.find(filter).sort({ _id: 1 }).lean<Doc[]>()).map(fromDoc);

  const openForVendor = async (vendor: string): Promise<StoredPurchaseOrder[]> =>
    list({ vendor, state: { $in: ["draft", "issued", "acknowledged", "partially_received"] } });

  const openForSku = async (sku: string): Promise<StoredPurchaseOrder[]> =>
    list({ "lines.sku": sku, state: { $in: ["draft", "issued", "acknowledged", "partially_received"] } });

  /** Removes the customer's address from POs finished before `before` (personal-data retention). */
  const purgeAddresses = async (before: string): Promise<number> => {
    const res = await Po.updateMany(
      { "shipTo.kind": "customer", "shipTo.address": { $ne: null }, state: { $in: ["received", "closed", "cancelled"] }, updatedAt: { $lt: before } },
      { $set: { "shipTo.address": null } },
    );
    return res.modifiedCount;
  };

  return { insertIfAbsent, get, save, setDelivery, list, openForVendor, openForSku, purgeAddresses };
};

export type PurchaseOrderRepository = ReturnType<typeof createPurchaseOrderRepository>;
