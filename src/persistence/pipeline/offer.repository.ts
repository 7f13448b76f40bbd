import { Schema, type Connection } from "mongoose";
import { modelOn } from "../mongo-connection.js";
import type { Offer } from "../../domain/catalog.js";

/** The catalogue of vendor offers (imported from CSV: it can be large). One per SKU and vendor. */
const schema = new Schema(
  {
    _id: String,
    sku: { type: String, index: true },
    vendor: { type: String, index: true },
    vendorSku: String,
    unitCost: Number,
    currency: String,
    moq: Number,
    casePack: Number,
    leadTimeDays: Number,
    preferred: Boolean,
    dropship: Boolean,
  },
  { collection: "offers", versionKey: false },
);

export const createOfferRepository = (conn: Connection) => {
  const OfferModel = modelOn<Offer & { _id: string }>(conn, "Offer", schema);
  const strip = ({ _id, ...o }: Offer & { _id?: string }): Offer => (void _id, o);

  /** Upserts offers in bulk (one round trip per 500). */
  const upsertMany = async (offers: readonly Offer[]): Promise<number> => {
    for (let i = 0; i < offers.length; i += 500) {
      const ops = offers.slice(i, i + 500).map((o) => ({
        replaceOne: { filter: { _id: `${o.sku}@${o.vendor}` }, replacement: { _id: `${o.sku}@${o.vendor}`, ...o }, upsert: true },
      }));
      await OfferModel.bulkWrite(ops, { ordered: false });
    }
    return offers.length;
  };

  const forSkus = async (skus: readonly string[]): Promise<Offer[]> =>
    skus.length === 0 ? [] : (await OfferModel.find({ sku: { $in: [...new Set(skus)] } }).lean<Offer[]>()).map(strip);

  const forVendor = async (vendor: string): Promise<Offer[]> => (await OfferModel.find({ vendor }).lean<Offer[]>()).map(strip);

  const count = async (): Promise<number> => OfferModel.countDocuments({});

  return { upsertMany, forSkus, forVendor, count };
};

export type OfferRepository = ReturnType<typeof createOfferRepository>;
