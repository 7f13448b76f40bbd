import type { Connection } from "mongoose";
import type { DeliveryLog } from "../../connectors/suppliers/delivery-log.port.js";
import { isDuplicateKeyError } from "../mongo-connection.js";

interface AttemptDoc {
  _id: string;
  key: string;
  kind: "attempt" | "sent";
  attempt: number;
  state: "sending" | "failed" | "sent";
  leaseUntil: Date;
  startedAt: Date;
  reference?: string;
  lastError?: string;
}

/**
 * Mongo implementation of DeliveryLog built on inserts only: attempt N of a delivery is the
 * document `<transport>|<po>|attempt|N` and success is `<transport>|<po>|sent`, so the unique _id
 * index decides every race. Conditional updates and $inc are not relied on: FerretDB 1.24 on
 * SQLite was measured here letting concurrent compare-and-set updates both succeed.
 */
export const createDeliveryLogRepository = (conn: Connection): DeliveryLog => {
  const col = conn.collection<AttemptDoc>("supplier_deliveries");
  const keyOf = (poNumber: string, transport: string) => `${transport}|${poNumber}`;

  const insert = async (doc: AttemptDoc): Promise<boolean> => {
    try {
      await col.insertOne(doc);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  };

  const claim: DeliveryLog["claim"] = async ({ poNumber, transport, now, leaseMs }) => {
    const key = keyOf(poNumber, transport);
    const sent = await col.findOne({ _id: `${key}|sent` });
    if (sent) return { outcome: "sent", reference: sent.reference ?? "" };
    const [latest] = await col.find({ key, kind: "attempt" }).sort({ attempt: -1 }).limit(1).toArray();
    if (latest && latest.state === "sending" && latest.leaseUntil > now) return { outcome: "busy", leaseUntil: latest.leaseUntil.toISOString() };
    const attempt = (latest?.attempt ?? 0) + 1;
    const doc: AttemptDoc = { _id: `${key}|attempt|${attempt}`, key, kind: "attempt", attempt, state: "sending", leaseUntil: new Date(now.getTime() + leaseMs), startedAt: now };
    if (!(await insert(doc))) return { outcome: "busy", leaseUntil: doc.leaseUntil.toISOString() };
    if (!latest) return { outcome: "claimed", attempt, previous: "none" };
    if (latest.state === "failed") return { outcome: "claimed", attempt, previous: "failed" };
    return { outcome: "claimed", attempt, previous: "unknown", since: latest.startedAt.toISOString() };
  };

  return {
    claim,
    async markSent({ poNumber, transport, attempt, reference, now }) {
      const key = keyOf(poNumber, transport);
      await insert({ _id: `${key}|sent`, key, kind: "sent", attempt, state: "sent", leaseUntil: now, startedAt: now, reference });
      await col.updateOne({ _id: `${key}|attempt|${attempt}` }, { $set: { state: "sent", reference } });
    },
    async markFailed({ poNumber, transport, attempt, reason }) {
      // Only the owner of attempt N writes its document, so this plain update has no race.
      await col.updateOne({ _id: `${keyOf(poNumber, transport)}|attempt|${attempt}` }, { $set: { state: "failed", lastError: reason.slice(0, 500) } });
    },
  };
};
