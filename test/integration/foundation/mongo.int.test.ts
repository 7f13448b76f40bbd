import { Schema } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuplicateKeyError, mapDuplicateKey } from "../../../src/persistence/mongo-connection.js";
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

  it("applies a conditional single-document update exactly once", async () => {
    const Counter = env.conn.model("Counter", new Schema({ _id: String, version: Number, value: Number }));
    await Counter.create({ _id: "c1", version: 1, value: 0 });
    const bump = () => Counter.updateOne({ _id: "c1", version: 1 }, { $inc: { value: 5, version: 1 } });
    const results = await Promise.all([bump(), bump(), bump()]);
    expect(results.reduce((n, r) => n + r.modifiedCount, 0)).toBe(1);
    expect((await Counter.findById("c1").lean())?.value).toBe(5);
  });
});
