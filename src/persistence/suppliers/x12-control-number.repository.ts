import type { Connection } from "mongoose";
import type { X12ControlNumbers } from "../../connectors/suppliers/sftp/control-numbers.port.js";
import { PermanentError } from "../../shared/errors.js";
import { isDuplicateKeyError } from "../mongo-connection.js";

interface CounterDoc {
  _id: string;
  last: number;
}

interface ClaimDoc {
  _id: string;
  partner: string;
  controlNumber: number;
  poNumber: string;
}

const MAX = 999_999_999;

/**
 * One counter document per partner advanced with findOneAndUpdate + $inc, and one claim document
 * per (partner, number) and per (partner, PO) whose unique _id is the real guarantee.
 * Why both: on MongoDB the $inc is atomic and claims never collide; FerretDB 1.24 on SQLite was
 * measured here handing the same $inc result to concurrent callers (10 parallel calls, 6 values),
 * while its unique _id index held. A collision is therefore caught by the claim insert and the
 * next number is tried. X12 tolerates gaps in control numbers, never repeats.
 */
export const createX12ControlNumberRepository = (conn: Connection): X12ControlNumbers => {
  const counters = conn.collection<CounterDoc>("x12_control_counters");
  const claims = conn.collection<ClaimDoc>("x12_control_claims");

  const bump = async (partner: string): Promise<number> => {
    // Two first upserts of one partner's counter race to insert it (on MongoDB too): the loser
    // gets E11000 and simply increments the counter the winner created.
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await counters.findOneAndUpdate({ _id: partner }, { $inc: { last: 1 } }, { upsert: true, returnDocument: "after" });
        return doc?.last ?? 0;
      } catch (err) {
        if (!isDuplicateKeyError(err) || attempt >= 3) throw err;
      }
    }
  };

  const tryClaim = async (doc: ClaimDoc): Promise<boolean> => {
    try {
      await claims.insertOne(doc);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  };

  const claimNumber = async (partner: string, poNumber: string): Promise<number> => {
    let candidate = await bump(partner);
    for (let tries = 0; tries < 1_000; tries++) {
      if (candidate > MAX) throw new PermanentError("X12.CONTROL_EXHAUSTED", `control numbers for ${partner} passed ${MAX}`);
      if (await tryClaim({ _id: `${partner}|#${candidate}`, partner, controlNumber: candidate, poNumber })) return candidate;
      candidate = Math.max(candidate + 1, await bump(partner));
    }
    throw new Error(`no free control number for ${partner} after 1000 tries`);
  };

  return {
    async forPo(partner, poNumber) {
      const poId = `${partner}|po|${poNumber}`;
      const existing = await claims.findOne({ _id: poId });
      if (existing) return existing.controlNumber;
      const controlNumber = await claimNumber(partner, poNumber);
      if (await tryClaim({ _id: poId, partner, controlNumber, poNumber })) return controlNumber;
      const winner = await claims.findOne({ _id: poId });
      if (!winner) throw new Error(`control number claim for ${poId} vanished`);
      return winner.controlNumber;
    },
  };
};
