import type { Connection } from "mongoose";
import type { PoState } from "../../../src/domain/purchase-order.js";
import { createAesGcmAddressCipher, parseAddressKey } from "../../../src/persistence/orders/address-cipher.js";
import { createPurchaseOrderRepository, type Delivery, type StoredPurchaseOrder } from "../../../src/persistence/pipeline/purchase-order.repository.js";

/** A warehouse PO with one line per SKU, stored through the real repository. */
export const seedPo = async (
  conn: Connection, addressKey: string,
  po: { poNumber: string; vendor: string; state: PoState; skus: { sku: string; quantity: number; covers?: { order: string; line: string; quantity: number }[] }[]; delivery?: Partial<Delivery>; issuedAt?: string; createdAt?: string },
): Promise<StoredPurchaseOrder> => {
  const repo = createPurchaseOrderRepository(conn, createAesGcmAddressCipher(parseAddressKey(addressKey)));
  const createdAt = po.createdAt ?? "2026-03-01T14:00:00.000Z";
  const stored: StoredPurchaseOrder = {
    poNumber: po.poNumber, batchKey: `${po.vendor}|${po.poNumber}`, vendor: po.vendor, currency: "USD", shipTo: { kind: "warehouse", location: "main" },
    windowStart: createdAt, createdAt, state: po.state, issuedAt: po.issuedAt, updatedAt: createdAt,
    lines: po.skus.map((s, i) => ({
      lineNo: i + 1, sku: s.sku, vendorSku: `V-${s.sku}`, description: s.sku, quantity: s.quantity, unitCost: 100, covers: s.covers ?? [],
      surplus: s.quantity - (s.covers ?? []).reduce((n, c) => n + c.quantity, 0), receivedQuantity: po.state === "received" ? s.quantity : 0,
    })),
    delivery: { state: "pending", attempts: 0, ...po.delivery },
  };
  await repo.insertIfAbsent(stored);
  return stored;
};
