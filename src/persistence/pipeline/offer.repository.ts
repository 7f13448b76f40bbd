import { randomUUID } from "node:crypto";
import { Schema, type Connection } from "mongoose";
import { isDuplicateKeyError, modelOn } from "../mongo-connection.js";
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

/**
 * The catalogue's stamp: a new token after (and before) every write of offers. A vendor's offers
 * are read through the whole collection (FerretDB 1.x: 832 SKUs took 190 ms, a point read 16 ms),
 * once per batch window, so each process keeps the catalogue by vendor and reads it again only
 * when the stamp changed. Stamping before the writes as well means a read taken during an import
 * is refreshed when it ends; the age limit bounds staleness if an importer dies in between.
 */
const stampSchema = new Schema({ _id: String, token: String }, { collection: "offer_stamps", versionKey: false });
const CATALOG = "catalog";
const CACHE_MAX_AGE_MS = 60_000;
/** Larger catalogues are not kept in memory (the worker's RSS budget); they are read each time. */
const CACHE_MAX_OFFERS = 100_000;

export const createOfferRepository = (conn: Connection) => {
  const OfferModel = modelOn<SkuOffers>(conn, "Offer", schema);
  const Stamp = modelOn<{ _id: string; token: string }>(conn, "OfferStamp", stampSchema);
  let cache: { token: string; at: number; byVendor: Map<string, Offer[]> } | null = null;

  const stamp = async (): Promise<void> => {
    cache = null;
    await Stamp.updateOne({ _id: CATALOG }, { $set: { token: randomUUID() } }, { upsert: true }).catch((err: unknown) => {
      // Two first stamps at once: the other one's new token serves as well.
      if (!isDuplicateKeyError(err)) throw err;
    });
  };

  /** Upserts offers: per SKU, each vendor's offer replaces that vendor's previous one. */
  const upsertMany = async (offers: readonly Offer[]): Promise<number> => {
    const bySku = new Map<string, Offer[]>();
    for (const o of offers) bySku.set(o.sku, [...(bySku.get(o.sku) ?? []).filter((x) => x.vendor !== o.vendor), o]);
    const skus = [...bySku.keys()];
    await stamp();
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
    await stamp();
    return offers.length;
  };

  const forSkus = async (skus: readonly string[]): Promise<Offer[]> => {
    const docs = await Promise.all([...new Set(skus)].map((sku) => OfferModel.findById(sku).lean<SkuOffers>()));
    return docs.flatMap((d) => d?.offers ?? []);
  };

  /** A vendor's offers (once per batch window): the catalogue as of its current stamp. */
  const forVendor = async (vendor: string): Promise<Offer[]> => {
    const token = (await Stamp.findById(CATALOG).lean())?.token ?? "";
    if (cache && cache.token === token && Date.now() - cache.at < CACHE_MAX_AGE_MS) return [...(cache.byVendor.get(vendor) ?? [])];
    const at = Date.now();
    const byVendor = new Map<string, Offer[]>();
    let n = 0;
    for (const d of await OfferModel.find({}).lean<SkuOffers[]>()) {
      for (const o of d.offers) {
        const list = byVendor.get(o.vendor);
        if (list) list.push(o);
        else byVendor.set(o.vendor, [o]);
        n++;
      }
    }
    cache = n <= CACHE_MAX_OFFERS ? { token, at, byVendor } : null;
    return [...(byVendor.get(vendor) ?? [])];
  };

  const count = async (): Promise<number> => (await OfferModel.find({}).lean<SkuOffers[]>()).reduce((n, d) => n + d.offers.length, 0);

  return { upsertMany, forSkus, forVendor, count };
};

export type OfferRepository = ReturnType<typeof createOfferRepository>;
