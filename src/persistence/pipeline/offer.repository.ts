import { Schema, type Connection } from "mongoose";
import { modelOn } from "../mongo-connection.js";
import type { Offer } from "../../domain/catalog.js";

/**
 * The catalogue of vendor offers (imported from CSV: it can be large), one document per SKU
 * holding every vendor's offer for it: evaluation reads offers by SKU on every short line, and
 * FerretDB 1.x answers only _id equality from an index, so the SKU is the _id.
 */
interface SkuOffers {
  _id: string;
  offers: Offer[];
}

const schema = new Schema({ _id: String, offers: Schema.Types.Mixed }, { collection: "offers", versionKey: false });

export const createOfferRepository = (conn: Connection) => {
  const OfferModel = modelOn<SkuOffers>(conn, "Offer", schema);

  /** Upserts offers: per SKU, each vendor's offer replaces that vendor's previous one. */
  const upsertMany = async (offers: readonly Offer[]): Promise<number> => {
    const bySku = new Map<string, Offer[]>();
    for (const o of offers) bySku.set(o.sku, [...(bySku.get(o.sku) ?? []).filter((x) => x.vendor !== o.vendor), o]);
    const skus = [...bySku.keys()];
    for (let i = 0; i < skus.length; i += 200) {
      const chunk = skus.slice(i, i + 200);
      const existing = await Promise.all(chunk.map((sku) => OfferModel.findById(sku).lean<SkuOffers>()));
      const ops = chunk.map((sku, j) => {
        const incoming = bySku.get(sku) ?? [];
        const kept = (existing[j]?.offers ?? []).filter((o) => !incoming.some((n) => n.vendor === o.vendor));
        return { replaceOne: { filter: { _id: sku }, replacement: { _id: sku, offers: [...kept, ...incoming] }, upsert: true } };
      });
      await OfferModel.bulkWrite(ops, { ordered: false });
    }
    return offers.length;
  };

  const forSkus = async (skus: readonly string[]): Promise<Offer[]> => {
    const docs = await Promise.all([...new Set(skus)].map((sku) => OfferModel.findById(sku).lean<SkuOffers>()));
    return docs.flatMap((d) => d?.offers ?? []);
  };

  /** A vendor's offers (once per batch window): read through the catalogue. */
  const forVendor = async (vendor: string): Promise<Offer[]> =>
    (await OfferModel.find({}).lean<SkuOffers[]>()).flatMap((d) => d.offers.filter((o) => o.vendor === vendor));

  const count = async (): Promise<number> => (await OfferModel.find({}).lean<SkuOffers[]>()).reduce((n, d) => n + d.offers.length, 0);

  return { upsertMany, forSkus, forVendor, count };
};

export type OfferRepository = ReturnType<typeof createOfferRepository>;
