import { Schema } from "mongoose";
import type { Connection, Model } from "mongoose";
import type { OrderLine, SalesOrder } from "../../domain/order.js";

/**
 * One document per sales order, lines embedded. Only the normalised order plus ingest bookkeeping
 * lives here; later stages add their own fields with `$set` and upserts never touch them.
 */
export interface OrderDoc extends Omit<SalesOrder, "shipTo"> {
  _id: string;
  shipToSealed: string | null;
  version: number;
  payloadHash: string;
  ingestedAt: Date;
}

const MoneySchema = new Schema({ amountMinor: { type: Number, required: true }, currency: { type: String, required: true } }, { _id: false });

const LineSchema = new Schema<OrderLine>(
  {
    lineId: { type: String, required: true },
    sku: { type: String, default: null },
    variantId: { type: String, default: null },
    title: String,
    ordered: Number,
    cancelled: Number,
    fulfilled: Number,
    kind: String,
    flags: [String],
    unitPrice: { type: MoneySchema, required: false },
  },
  { _id: false },
);

const OrderSchema = new Schema<OrderDoc>(
  {
    // `channel:externalId`: FerretDB 1.x answers only _id equality from an index (any other filter
    // scans the collection), so the natural key is the _id.
    _id: String,
    channel: { type: String, required: true },
    externalId: { type: String, required: true },
    orderNumber: String,
    placedAt: String,
    channelUpdatedAt: { type: String, required: true },
    status: String,
    fulfilment: String,
    currency: String,
    totals: { shop: { type: MoneySchema, required: false }, presentment: { type: MoneySchema, required: false } },
    shipToSealed: { type: String, default: null },
    priority: Number,
    policy: String,
    lines: [LineSchema],
    version: { type: Number, required: true },
    payloadHash: { type: String, required: true },
    ingestedAt: { type: Date, required: true },
  },
  { collection: "orders", versionKey: false, minimize: false },
);
OrderSchema.index({ channel: 1, externalId: 1 }, { unique: true });
OrderSchema.index({ channel: 1, channelUpdatedAt: 1 });

export const orderModel = (conn: Connection): Model<OrderDoc> =>
  (conn.models["Order"] as Model<OrderDoc> | undefined) ?? conn.model<OrderDoc>("Order", OrderSchema);
