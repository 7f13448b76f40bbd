// Guards against a PO number shared by two batches being taken for "this window already ran",
// which dropped the second batch's lines without a word.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poNumberFor } from "../../../src/domain/po-number.js";
import { createAesGcmAddressCipher, parseAddressKey } from "../../../src/persistence/orders/address-cipher.js";
import { createPurchaseOrderRepository, type StoredPurchaseOrder } from "../../../src/persistence/pipeline/purchase-order.repository.js";
import { isolatedServices } from "../../support/services.js";

const KEY = Buffer.alloc(32, 7).toString("base64");

const poOf = (windowStart: string, poNumber = poNumberFor({ vendor: "acme", windowStart, shipTo: { kind: "warehouse", location: "main" }, defaultLocation: "main" })): StoredPurchaseOrder => ({
  poNumber, batchKey: `acme@${windowStart}`, vendor: "acme", currency: "USD", shipTo: { kind: "warehouse", location: "main" },
  windowStart, createdAt: windowStart, state: "draft", updatedAt: windowStart, delivery: { state: "pending", attempts: 0 },
  lines: [{ lineNo: 1, sku: "MUG", vendorSku: "AC-MUG", description: "Mug", quantity: 2, unitCost: 500, covers: [{ order: "shop:1", line: "1", quantity: 2 }], surplus: 0, receivedQuantity: 0 }],
});

describe("PO numbers of different batches", () => {
  let svc: Awaited<ReturnType<typeof isolatedServices>>;
  beforeAll(async () => {
    svc = await isolatedServices("po_number_taken");
  });
  afterAll(async () => svc.cleanup());

  it("stores two windows of one vendor started within the same minute as two POs", async () => {
    const repo = createPurchaseOrderRepository(svc.conn, createAesGcmAddressCipher(parseAddressKey(KEY)));
    expect(await repo.insertIfAbsent(poOf("2026-12-04T05:12:00.000Z"))).toBe("inserted");
    expect(await repo.insertIfAbsent(poOf("2026-12-04T05:12:07.000Z"))).toBe("inserted");
    expect(await repo.insertIfAbsent(poOf("2026-12-04T05:12:07.000Z"))).toBe("exists");
    const stored = (await repo.list({ vendor: "acme" })).map((p) => [p.batchKey, p.poNumber]);
    expect(stored).toHaveLength(2);
    expect(new Set(stored.map(([, n]) => n)).size).toBe(2);
  });

  it("refuses, with a permanent error naming both batches, a PO number another batch holds", async () => {
    const repo = createPurchaseOrderRepository(svc.conn, createAesGcmAddressCipher(parseAddressKey(KEY)));
    const clash = poOf("2026-12-04T06:00:30.000Z", poOf("2026-12-04T05:12:00.000Z").poNumber);
    await expect(repo.insertIfAbsent(clash)).rejects.toMatchObject({ code: "BATCH.PO_NUMBER_TAKEN", retryable: false });
    await expect(repo.insertIfAbsent(clash)).rejects.toThrow(/acme@2026-12-04T05:12:00.000Z/);
  });
});
