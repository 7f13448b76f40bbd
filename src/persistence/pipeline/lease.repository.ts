import { randomUUID } from "node:crypto";
import { Schema, type Connection } from "mongoose";
import { TransientError } from "../../shared/errors.js";
import { busyRetryMs } from "../../shared/lock.js";
import { isDuplicateKeyError, modelOn } from "../mongo-connection.js";

/**
 * A lease held in MongoDB: taken by a unique insert (atomic on FerretDB and MongoDB), renewed while
 * held, released by its holder, taken over once expired. It outlives a Redis restart, which the
 * Redis lease locks do not (a lock written in the last second before a crash is gone with the
 * append-only file's last second), so rare, effect-heavy sections (a vendor's batch window) take
 * it as well.
 */
interface LeaseDoc {
  _id: string;
  token: string;
  expiresAt: number;
}

const schema = new Schema({ _id: String, token: String, expiresAt: Number }, { collection: "leases", versionKey: false });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const createLeaseRepository = (conn: Connection) => {
  const Lease = modelOn<LeaseDoc>(conn, "Lease", schema);

  const acquire = async (key: string, ttlMs: number, waitMs: number): Promise<string> => {
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      try {
        await Lease.create({ _id: key, token, expiresAt: Date.now() + ttlMs });
        return token;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const held = await Lease.findById(key).lean<LeaseDoc>();
      if (held && held.expiresAt < Date.now()) await Lease.deleteOne({ _id: key, token: held.token });
      else if (Date.now() > deadline) throw new TransientError("LEASE.BUSY", `lease ${key} is held elsewhere`, { key }, { retryAfterMs: busyRetryMs() });
      else await sleep(delay);
    }
  };

  const withLease = async <T>(key: string, fn: () => Promise<T>, ttlMs = 15_000, waitMs = ttlMs + 5_000): Promise<T> => {
    const token = await acquire(key, ttlMs, waitMs);
    const renew = setInterval(() => void Lease.updateOne({ _id: key, token }, { $set: { expiresAt: Date.now() + ttlMs } }).catch(() => undefined), ttlMs / 3);
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await Lease.deleteOne({ _id: key, token }).catch(() => undefined);
    }
  };

  return { withLease };
};

export type LeaseRepository = ReturnType<typeof createLeaseRepository>;
