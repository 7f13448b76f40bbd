import mongoose, { type Connection, type Model, type Schema } from "mongoose";
import { PermanentError, TransientError } from "../shared/errors.js";
import { serverOf } from "../shared/server-address.js";

/**
 * One mongoose connection for the process. autoIndex stays on: unique indexes carry identity
 * (orders, POs, receipts), so they must exist before the first write. A server that does not
 * answer within `serverSelectionTimeoutMS` is MONGODB.UNREACHABLE (retryable), named by host, not
 * by the driver's bare "connect ECONNREFUSED".
 */
export const connectMongo = async (uri: string, dbName: string, opts: { serverSelectionTimeoutMS?: number } = {}): Promise<Connection> => {
  const conn = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 10_000,
    // FerretDB 1.x and MongoDB 6+ both accept these; retryable writes need a replica set on MongoDB.
    retryWrites: false,
  });
  try {
    await conn.asPromise();
  } catch (err) {
    await conn.close().catch(() => undefined);
    if (!(err instanceof Error) || !/ServerSelection|MongoNetwork/.test(err.name)) throw err;
    throw new TransientError("MONGODB.UNREACHABLE", `MongoDB at ${serverOf(uri)} is unreachable: ${err.message}`, { server: serverOf(uri) }, { cause: err });
  }
  return conn;
};

/** MongoDB duplicate-key error (E11000), the signal that a unique index held. */
export const isDuplicateKeyError = (err: unknown): boolean =>
  typeof err === "object" && err !== null && (err as { code?: unknown }).code === 11000;

export class DuplicateKeyError extends PermanentError {
  constructor(collection: string, key: unknown, cause: unknown) {
    super("DB.DUPLICATE_KEY", `${collection}: a document with key ${JSON.stringify(key)} already exists`, { collection, key }, { cause });
  }
}

/** Runs a write and turns E11000 into DuplicateKeyError; everything else passes through. */
export const mapDuplicateKey = async <T>(collection: string, key: unknown, write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new DuplicateKeyError(collection, key, err);
    throw err;
  }
};

/** A model on this connection, created once (tests open several connections in one process). */
export const modelOn = <T>(conn: Connection, name: string, schema: Schema): Model<T> =>
  (conn.models[name] ?? conn.model(name, schema)) as unknown as Model<T>;
