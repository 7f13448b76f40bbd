import type { Connection } from "mongoose";
import type { OrderStatus, SalesOrder } from "../../domain/order.js";
import { TransientError } from "../../shared/errors.js";
import type { AddressCipher } from "./address-cipher.js";
import { hashPayload } from "./order-hash.js";
import { orderRevisionModel } from "./order-revision.model.js";
import { type OrderDoc, orderModel } from "./order.model.js";

const MAX_ATTEMPTS = 200;
const ABANDONED_CLAIM_MS = 30_000;
/** Orders remembered per process (a few MB): more than one overlap window of a busy channel. */
const RECENT_ORDERS = 20_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type UpsertOutcome = "created" | "updated" | "unchanged" | "stale";
export interface StoredOrder extends SalesOrder {
  version: number;
  payloadHash: string;
  ingestedAt: string;
}
export interface OrderFilter {
  channel?: string;
  status?: OrderStatus;
  externalIds?: string[];
  /** Orders whose channelUpdatedAt is at or after this instant. */
  updatedSince?: string;
  limit?: number;
}
export interface OrderRepository {
  getOrder(channel: string, externalId: string): Promise<StoredOrder | null>;
  /**
   * `readBack`: "unchanged" learned from the store, not from this process's memory: an earlier
   * writer (perhaps a process killed right after storing) may not have queued its evaluation.
   */
  upsertOrder(order: SalesOrder, opts?: { payloadHash?: string; now?: Date }): Promise<{ outcome: UpsertOutcome; version: number; readBack?: true }>;
  listOrders(filter?: OrderFilter): Promise<StoredOrder[]>;
  countOrders(filter?: OrderFilter): Promise<number>;
  ensureIndexes(): Promise<void>;
}

const isDuplicateKey = (err: unknown): boolean => (err as { code?: number } | null)?.code === 11000;

/** ISO instants of one width compare correctly as strings, which the version guard relies on. */
const instant = (text: string): string => new Date(text).toISOString();

const toFilter = (f: OrderFilter): Record<string, unknown> => ({
  ...(f.channel !== undefined && { channel: f.channel }),
  ...(f.status !== undefined && { status: f.status }),
  ...(f.externalIds !== undefined && { externalId: { $in: f.externalIds } }),
  ...(f.updatedSince !== undefined && { channelUpdatedAt: { $gte: instant(f.updatedSince) } }),
});

export const createOrderRepository = (conn: Connection, cipher: AddressCipher): OrderRepository => {
  const M = orderModel(conn);
  const R = orderRevisionModel(conn);

  const toStored = (d: OrderDoc): StoredOrder => ({
    channel: d.channel, externalId: d.externalId, orderNumber: d.orderNumber, placedAt: d.placedAt, channelUpdatedAt: d.channelUpdatedAt,
    status: d.status, fulfilment: d.fulfilment, currency: d.currency,
    ...(d.totals && (d.totals.shop || d.totals.presentment) ? { totals: { ...(d.totals.shop && { shop: d.totals.shop }), ...(d.totals.presentment && { presentment: d.totals.presentment }) } } : {}),
    shipTo: d.shipToSealed ? cipher.decrypt(d.shipToSealed) : null,
    ...(d.priority !== undefined && d.priority !== null && { priority: d.priority }),
    ...(d.policy && { policy: d.policy }),
    lines: d.lines.map((l) => ({ lineId: l.lineId, sku: l.sku ?? null, variantId: l.variantId ?? null, title: l.title, ordered: l.ordered, cancelled: l.cancelled,
      fulfilled: l.fulfilled, kind: l.kind, flags: [...l.flags], ...(l.unitPrice && { unitPrice: { amountMinor: l.unitPrice.amountMinor, currency: l.unitPrice.currency } }) })),
    version: d.version, payloadHash: d.payloadHash, ingestedAt: new Date(d.ingestedAt).toISOString(),
  });

  /** Our own fields only: `$set` of these never wipes what later stages stored beside them. */
  const ownFields = (order: SalesOrder, hash: string, now: Date) => {
    const { shipTo, channel: _c, externalId: _e, ...rest } = order;
    return { ...rest, channelUpdatedAt: instant(order.channelUpdatedAt), shipToSealed: shipTo ? cipher.encrypt(shipTo) : null, payloadHash: hash, ingestedAt: now };
  };

  const idOf = (key: { channel: string; externalId: string }): string => `${key.channel}:${key.externalId}`;

  /** Wins the right to write `version`; a claim left by a writer that died is taken over after a while. */
  const claim = async (key: { channel: string; externalId: string }, version: number, now: Date): Promise<boolean> => {
    try {
      await R.create({ _id: `${idOf(key)}#${version}`, ...key, version, claimedAt: now });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await R.deleteOne({ _id: `${idOf(key)}#${version}`, claimedAt: { $lt: new Date(now.getTime() - ABANDONED_CLAIM_MS) } });
      return false;
    }
  };

  /**
   * What this process last stored or found for recent orders. Every poll reads back an overlap
   * window (orders updated shortly before the watermark), so most orders arrive again unchanged;
   * one the process has already seen at this instant with this payload needs no read. Stored
   * versions only move forward, so a payload it saw as stored (or as older than stored) can only
   * be "unchanged" or "stale" in the database too: both write nothing and queue nothing.
   */
  const recent = new Map<string, { at: string; hash: string; version: number }>();
  const remember = (id: string, at: string, hash: string, version: number): void => {
    recent.delete(id);
    recent.set(id, { at, hash, version });
    if (recent.size > RECENT_ORDERS) recent.delete(recent.keys().next().value as string);
  };

  const upsertOrder: OrderRepository["upsertOrder"] = async (order, opts = {}) => {
    const key = { channel: order.channel, externalId: order.externalId };
    const id = idOf(key);
    const at = instant(order.channelUpdatedAt);
    const hash = opts.payloadHash ?? hashPayload(order);
    const seen = recent.get(id);
    if (seen && seen.at > at) return { outcome: "stale", version: seen.version };
    if (seen && seen.at === at && seen.hash === hash) return { outcome: "unchanged", version: seen.version };
    const fields = ownFields(order, hash, opts.now ?? new Date());
    // C11: insert guarded by the unique index, else read, decide, claim the next version, write.
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const cur = await M.findById(id, { channelUpdatedAt: 1, payloadHash: 1, version: 1 }).lean();
      if (!cur) {
        try {
          await M.collection.insertOne({ _id: id, ...key, ...fields, version: 1 } as never);
          remember(id, at, hash, 1);
          return { outcome: "created", version: 1 };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          continue;
        }
      }
      if (cur.channelUpdatedAt > at) return { outcome: "stale", version: cur.version };
      if (cur.channelUpdatedAt === at && cur.payloadHash === hash) {
        remember(id, at, hash, cur.version);
        return { outcome: "unchanged", version: cur.version, readBack: true };
      }
      const next = cur.version + 1;
      if (await claim(key, next, new Date())) {
        await M.updateOne({ _id: id, version: cur.version }, { $set: { ...fields, version: next } });
        remember(id, at, hash, next);
        return { outcome: "updated", version: next };
      }
      await sleep(2 + Math.floor(Math.random() * 10));
    }
    throw new TransientError("ORDERS.UPSERT_CONTENDED", `order ${order.channel}:${order.externalId} kept changing under concurrent writers`);
  };

  return {
    upsertOrder,
    async getOrder(channel, externalId) {
      const d = await M.findById(idOf({ channel, externalId })).lean<OrderDoc>();
      return d ? toStored(d) : null;
    },
    async listOrders(filter = {}) {
      const q = M.find(toFilter(filter)).sort({ channel: 1, externalId: 1 });
      if (filter.limit !== undefined) q.limit(filter.limit);
      return (await q.lean<OrderDoc[]>()).map(toStored);
    },
    countOrders: (filter = {}) => M.countDocuments(toFilter(filter)),
    async ensureIndexes() {
      await M.createIndexes();
      await R.createIndexes();
    },
  };
};
