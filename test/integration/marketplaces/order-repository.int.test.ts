import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SalesOrder } from "../../../src/domain/order.js";
import { createAesGcmAddressCipher } from "../../../src/persistence/orders/address-cipher.js";
import { createOrderRepository } from "../../../src/persistence/orders/order.repository.js";
import { orderModel } from "../../../src/persistence/orders/order.model.js";
import { createQuarantineRepository } from "../../../src/persistence/orders/quarantine.repository.js";
import { isolatedServices } from "../../support/services.js";

const order = (over: Partial<SalesOrder> = {}): SalesOrder => ({
  channel: "shopify", externalId: "7003", orderNumber: "#7003", placedAt: "2024-05-01T10:00:00.000Z", channelUpdatedAt: "2024-05-01T10:00:00.000Z",
  status: "open", fulfilment: "merchant", currency: "USD", shipTo: { name: "Ana", line1: "1 Example Way", city: "Lyon", postalCode: "69001", country: "FR" },
  lines: [{ lineId: "1", sku: "MUG", variantId: "9", title: "Mug", ordered: 1, cancelled: 0, fulfilled: 0, kind: "stock", flags: [] }], ...over,
});

describe("order repository on the Mongo-wire server", () => {
  let svc: Awaited<ReturnType<typeof isolatedServices>>;
  let repo: ReturnType<typeof createOrderRepository>;
  beforeAll(async () => {
    svc = await isolatedServices("orders_repo");
    repo = createOrderRepository(svc.conn, createAesGcmAddressCipher(randomBytes(32)));
    await repo.ensureIndexes();
  });
  afterAll(async () => svc.cleanup());

  it("creates, leaves an identical replay unchanged, updates a newer one and refuses an older one", async () => {
    const o = order({ externalId: "1" });
    expect(await repo.upsertOrder(o)).toEqual({ outcome: "created", version: 1 });
    expect(await repo.upsertOrder(o)).toEqual({ outcome: "unchanged", version: 1 });
    const newer = order({ externalId: "1", channelUpdatedAt: "2024-05-01T11:05:00+01:00", status: "cancelled" });
    expect(await repo.upsertOrder(newer)).toEqual({ outcome: "updated", version: 2 });
    expect(await repo.upsertOrder(order({ externalId: "1", channelUpdatedAt: "2024-05-01T10:01:00Z" }))).toEqual({ outcome: "stale", version: 2 });
    const got = await repo.getOrder("shopify", "1");
    expect(got).toMatchObject({ status: "cancelled", version: 2, channelUpdatedAt: "2024-05-01T10:05:00.000Z", shipTo: o.shipTo });
  });

  it("answers a replay it has already stored without a database command, and still stores an edit", async () => {
    const commands: string[] = [];
    svc.conn.set("debug", (collection: string, method: string) => void commands.push(`${collection}.${method}`));
    try {
      const o = order({ externalId: "5" });
      expect(await repo.upsertOrder(o)).toEqual({ outcome: "created", version: 1 });
      const afterCreate = commands.length;
      // A poll reading the overlap window back, three times, and a replay older than what is stored.
      for (let i = 0; i < 3; i++) expect(await repo.upsertOrder(o)).toEqual({ outcome: "unchanged", version: 1 });
      expect(await repo.upsertOrder(order({ externalId: "5", channelUpdatedAt: "2024-05-01T09:00:00.000Z" }))).toEqual({ outcome: "stale", version: 1 });
      expect(commands.slice(afterCreate)).toEqual([]);
      // Same instant, other payload (an edit Shopify did not stamp): read and stored as before.
      expect(await repo.upsertOrder(order({ externalId: "5", status: "cancelled" }))).toEqual({ outcome: "updated", version: 2 });
      expect(await repo.getOrder("shopify", "5")).toMatchObject({ status: "cancelled", version: 2 });
      // Another process (its own repository) knows nothing of this one's memory and reads.
      const other = createOrderRepository(svc.conn, createAesGcmAddressCipher(randomBytes(32)));
      const before = commands.length;
      expect(await other.upsertOrder(order({ externalId: "5", status: "cancelled" }))).toEqual({ outcome: "unchanged", version: 2, readBack: true });
      expect(commands.length).toBeGreaterThan(before);
    } finally {
      svc.conn.set("debug", false);
    }
  });

  it("stores the ship-to address only encrypted", async () => {
    await repo.upsertOrder(order({ externalId: "2" }));
    const raw = await orderModel(svc.conn).collection.findOne({ externalId: "2" });
    expect(JSON.stringify(raw)).not.toContain("Example Way");
    expect(raw?.["shipToSealed"]).toMatch(/^v1\./);
  });

  it("keeps fields other stages set beside the order", async () => {
    await repo.upsertOrder(order({ externalId: "3" }));
    await orderModel(svc.conn).collection.updateOne({ externalId: "3" }, { $set: { evaluation: { state: "held" } } });
    await repo.upsertOrder(order({ externalId: "3", channelUpdatedAt: "2024-05-02T00:00:00Z" }));
    const raw = await orderModel(svc.conn).collection.findOne({ externalId: "3" });
    expect(raw?.["evaluation"]).toEqual({ state: "held" });
  });

  it("C11: ten parallel upserts of one key give one document holding the newest update, no E11000", async () => {
    const stamps = Array.from({ length: 10 }, (_, i) => `2024-05-01T10:0${i}:00.000Z`).sort(() => Math.random() - 0.5);
    const results = await Promise.all(stamps.map((s) => repo.upsertOrder(order({ externalId: "7003", channelUpdatedAt: s, orderNumber: s }))));
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    expect(await repo.countOrders({ channel: "shopify", externalIds: ["7003"] })).toBe(1);
    const got = await repo.getOrder("shopify", "7003");
    expect(got?.channelUpdatedAt).toBe("2024-05-01T10:09:00.000Z");
    expect(got?.orderNumber).toBe("2024-05-01T10:09:00.000Z");
    expect(got?.version).toBe(1 + results.filter((r) => r.outcome === "updated").length);
  });

  it("quarantines the same bad payload once", async () => {
    const q = createQuarantineRepository(svc.conn);
    await q.ensureIndexes();
    await Promise.all([1, 2, 3].map(() => q.add({ channel: "s", source: "sync", ref: "9", reason: "SHOPIFY.SCHEMA: x", payload: { id: 9 } })));
    const list = await q.list("s");
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ref: "9", payload: { id: 9 } });
  });
});
