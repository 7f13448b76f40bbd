import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";
import { connectMongo } from "../../src/persistence/mongo-connection.js";
import { createRedis } from "../../src/shared/redis.js";

export const MONGODB_URI = process.env.MONGODB_URI ?? "mongodb://127.0.0.1:27017/";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A database and a queue prefix of the test file's own, dropped afterwards. */
export const isolatedServices = async (label: string) => {
  const suffix = randomUUID().slice(0, 8);
  const dbName = `t_${label}_${suffix}`.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 60);
  const prefix = `t-${label}-${suffix}`;
  const conn: Connection = await connectMongo(MONGODB_URI, dbName);
  const redis = createRedis(REDIS_URL);
  const cleanup = async (): Promise<void> => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  };
  return { conn, redis, dbName, prefix, cleanup };
};
