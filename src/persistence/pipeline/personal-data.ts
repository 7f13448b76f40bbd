import type { Connection } from "mongoose";
import { orderModel } from "../orders/order.model.js";
import type { EvaluationRepository } from "./evaluation.repository.js";

/**
 * Removes the sealed ship-to of orders that finished (fulfilled or cancelled) before `before`.
 * What counts as finished comes from the evaluation state, which ingest does not own.
 */
export const purgeOrderAddresses = async (conn: Connection, evaluations: EvaluationRepository, before: string): Promise<number> => {
  const done = await evaluations.list({ state: { $in: ["fulfilled", "cancelled"] }, updatedAt: { $lt: before } });
  let purged = 0;
  for (const ev of done) {
    const res = await orderModel(conn).updateOne(
      { _id: `${ev.channel}:${ev.externalId}`, shipToSealed: { $ne: null } },
      { $set: { shipToSealed: null } },
    );
    purged += res.modifiedCount;
  }
  return purged;
};
