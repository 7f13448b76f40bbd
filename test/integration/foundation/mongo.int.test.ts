import { Schema } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuplicateKeyError, mapDuplicateKey } from "../../../src/persistence/mongo-connection.js";
import { withLock } from "../../../src/shared/lock.js";
import { isolatedServices } from "../../support/services.js";

describe("Mongo-wire server through mongoose", () => {
  let env: Awaited<ReturnType<typeof isolatedServices>>;
  beforeAll(async () => {
    env = await isolatedServices("mongo");
  });
  afterAll(async () => env.cleanup());

  it("round-trips a document and maps a unique-index violation to a typed error", async () => {
    const Thing = env.conn.model(
      "Thing",
      new Schema({ channel: String, externalId: String, qty: Number, lines: [{ sku: String, qty: Number }] }).index(
        { channel: 1, externalId: 1 },
        { unique: true },
      ),
    );
    await Thing.init();
    await Thing.create({ channel: "shopify-main", externalId: "1001", qty: 2, lines: [{ sku: "MUG", qty: 2 }] });
    const back = await Thing.findOne({ channel: "shopify-main", externalId: "1001" }).lean();
    expect(back?.lines?.[0]).toMatchObject({ sku: "MUG", qty: 2 });

    const duplicate = mapDuplicateKey("things", { channel: "shopify-main", externalId: "1001" }, () =>
      Thing.create({ channel: "shopify-main", externalId: "1001", qty: 3 }),
    );
    await expect(duplicate).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(duplicate).rejects.toMatchObject({ code: "DB.DUPLICATE_KEY", retryable: false });
    expect(await Thing.countDocuments({})).toBe(1);
  });

  it("lets exactly one of many concurrent inserts of one key win (the atomic primitive the service relies on)", async () => {
    const Claim = env.conn.model("Claim", new Schema({ _id: String, by: Number }));
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, by) => Claim.create({ _id: "po-batch-1", by })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason.code === 11000)).toBe(true);
  });

  it("keeps every concurrent read-modify-write of one document under the lease lock", async () => {
    // FerretDB 1.24 applies updates as read-then-write, so unguarded concurrent $inc loses
    // increments; the service changes an aggregate only under withLock.
    const Counter = env.conn.model("Counter", new Schema({ _id: String, value: Number }));
    await Counter.create({ _id: "c1", value: 0 });
    await Promise.all(
      Array.from({ length: 30 }, () =>
        withLock(env.redis, `${env.prefix}:counter`, async () => {
          const doc = await Counter.findById("c1").lean<{ value: number }>();
          await Counter.updateOne({ _id: "c1" }, { $set: { value: (doc?.value ?? 0) + 1 } });
        }),
      ),
    );
    expect((await Counter.findById("c1").lean<{ value: number }>())?.value).toBe(30);
  });
});
