import type { Connection } from "mongoose";
import { percentile } from "./probes.js";

interface PoDoc { windowStart: string; delivery?: { state?: string; sentAt?: string }; lines: { covers?: { order: string }[] }[] }

export interface LatencyFigures {
  orders: number;
  withPo: number;
  /** arrival → evaluated, plus window close → PO sent: the work, without the wait for the window. */
  processingP50Ms: number;
  processingP99Ms: number;
  /** stored (ingest) → PO sent, the window wait included. */
  wallP50Ms: number;
  wallP99Ms: number;
  /** marketplace update time (the scheduled arrival in open-loop runs) → PO sent. */
  fromArrivalP99Ms: number;
  firstIngestMs: number;
  lastSentMs: number;
}

const ms = (iso: string | Date | undefined): number => (iso === undefined ? Number.NaN : new Date(iso).getTime());

/**
 * Per-order latency read back from what the pipeline stored: the order's ingest instant, its
 * evaluation's finish instant, and the sent instant and window of each PO that covers it (an order
 * spread over several POs counts its slowest). Orders served from stock have no PO and count for
 * arrival → evaluated only in `orders`.
 */
export const readLatencies = async (conn: Connection): Promise<LatencyFigures> => {
  const orders = await conn.collection("orders").find({}, { projection: { channel: 1, externalId: 1, ingestedAt: 1, channelUpdatedAt: 1 } }).toArray();
  const evals = await conn.collection("evaluations").find({}, { projection: { updatedAt: 1 } }).toArray();
  const pos = (await conn.collection("purchase_orders").find({}, { projection: { windowStart: 1, delivery: 1, "lines.covers.order": 1 } }).toArray()) as unknown as PoDoc[];
  const evaluatedAt = new Map(evals.map((e) => [String(e._id), ms(e["updatedAt"] as string)]));
  const sent = new Map<string, { sentAt: number; windowMs: number }>();
  for (const po of pos) {
    const sentAt = ms(po.delivery?.sentAt);
    for (const c of po.lines.flatMap((l) => l.covers ?? [])) {
      const cur = sent.get(c.order);
      if (!cur || sentAt > cur.sentAt) sent.set(c.order, { sentAt, windowMs: ms(po.windowStart) });
    }
  }
  const processing: number[] = [];
  const wall: number[] = [];
  const fromArrival: number[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const o of orders) {
    const key = `${String(o["channel"])}:${String(o["externalId"])}`;
    const ingested = ms(o["ingestedAt"] as Date);
    first = Math.min(first, ingested);
    const s = sent.get(key);
    const ev = evaluatedAt.get(key);
    if (!s || ev === undefined || Number.isNaN(s.sentAt)) continue;
    last = Math.max(last, s.sentAt);
    processing.push(Math.max(0, ev - ingested) + Math.max(0, s.sentAt - s.windowMs));
    wall.push(s.sentAt - ingested);
    fromArrival.push(s.sentAt - ms(o["channelUpdatedAt"] as string));
  }
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  const [p, w, a] = [sorted(processing), sorted(wall), sorted(fromArrival)];
  return {
    orders: orders.length, withPo: p.length,
    processingP50Ms: percentile(p, 50), processingP99Ms: percentile(p, 99), wallP50Ms: percentile(w, 50), wallP99Ms: percentile(w, 99),
    fromArrivalP99Ms: percentile(a, 99), firstIngestMs: first, lastSentMs: last,
  };
};
