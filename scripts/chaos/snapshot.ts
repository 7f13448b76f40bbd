import type { Queue } from "bullmq";
import type { Connection } from "mongoose";
import type { SalesOrder } from "../../src/domain/order.js";
import type { ChaosSnapshot } from "./invariants.js";

type Raw = Record<string, unknown>;
const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const num = (v: unknown): number => (typeof v === "number" ? v : 0);

export interface SnapshotInput {
  conn: Connection;
  queues: Queue[];
  orders: SalesOrder[];
  initialOnHand: Record<string, number>;
  purchasable: string[];
  peer: { received: { idempotencyKey: string; body: unknown }[]; duplicateAttempts: string[] };
}

/** Reads the raw documents (not through the repositories, so a repository bug cannot hide a violation). */
export const readSnapshot = async (i: SnapshotInput): Promise<ChaosSnapshot> => {
  const db = i.conn.db;
  if (!db) throw new Error("no database handle");
  const all = (name: string) => db.collection(name).find({}).toArray() as unknown as Promise<Raw[]>;
  const [orders, evaluations, pos, events, stock] = await Promise.all([all("orders"), all("evaluations"), all("purchase_orders"), all("supplier_events"), all("stock_levels")]);
  const queues = await Promise.all(
    i.queues.map(async (q) => {
      const c = await q.getJobCounts("active", "waiting", "delayed", "failed", "prioritized", "paused");
      const reasons = num(c["failed"]) > 0 ? (await q.getFailed(0, 4)).map((j) => `${j.id}: ${j.failedReason}`) : [];
      return { name: q.name, active: num(c["active"]), waiting: num(c["waiting"]) + num(c["prioritized"]) + num(c["paused"]), delayed: num(c["delayed"]), failed: num(c["failed"]), failedReasons: reasons };
    }),
  );
  return {
    input: {
      orders: i.orders.map((o) => ({ key: `${o.channel}:${o.externalId}`, lines: o.lines.map((l) => ({ lineId: l.lineId, sku: l.sku ?? "", qty: l.ordered })) })),
      initialOnHand: i.initialOnHand,
      purchasable: i.purchasable,
    },
    storedOrderKeys: orders.map((o) => `${String(o["channel"])}:${String(o["externalId"])}`),
    evaluations: evaluations.map((e) => ({
      key: String(e["_id"]),
      onHold: e["onHold"] === true,
      pending: e["pending"] !== undefined && e["pending"] !== null,
      lines: arr<Raw>(e["lines"]).map((l) => ({
        lineId: String(l["lineId"]), sku: (l["sku"] as string | null) ?? null, needed: num(l["needed"]), allocated: num(l["allocated"]), shortfall: num(l["shortfall"]),
        picks: arr<Raw>(l["picks"]).map((p) => ({ location: String(p["location"]), quantity: num(p["quantity"]) })),
      })),
    })),
    purchaseOrders: pos.map((p) => ({
      poNumber: String(p["_id"]),
      batchKey: String(p["batchKey"]),
      state: String(p["state"]),
      deliveryState: String((p["delivery"] as Raw | undefined)?.["state"] ?? "none"),
      lines: arr<Raw>(p["lines"]).map((l) => ({
        sku: String(l["sku"]), quantity: num(l["quantity"]),
        covers: arr<Raw>(l["covers"]).map((c) => ({ order: String(c["order"]), line: String(c["line"]), quantity: num(c["quantity"]) })),
      })),
    })),
    peer: {
      received: i.peer.received.map((r) => ({ idempotencyKey: r.idempotencyKey, poNumber: ((r.body as Raw | null)?.["poNumber"] as string | undefined) ?? null })),
      duplicateAttempts: i.peer.duplicateAttempts,
    },
    receipts: events
      .filter((e) => (e["event"] as Raw | undefined)?.["kind"] === "receipt")
      .map((e) => {
        const outcome = (e["outcome"] as Raw | undefined) ?? {};
        return {
          eventId: String(e["_id"]),
          applied: e["applied"] === true,
          onHand: arr<Raw>(outcome["stockDeltas"]).map((d) => ({ sku: String(d["sku"]), location: String(d["location"]), units: num(d["onHand"]) })),
          grants: arr<Raw>(outcome["allocations"]).filter((a) => a["location"] !== null).map((a) => ({ order: String(a["order"]), line: String(a["line"]), quantity: num(a["quantity"]) })),
        };
      }),
    shipped: {},
    stock: stock.map((s) => ({ sku: String(s["sku"]), location: String(s["location"]), onHand: num(s["onHand"]), committed: num(s["committed"]) })),
    queues,
  };
};
