import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyReceipt } from "../../../src/domain/receiving.js";
import { applySupplierEventStep } from "../../../src/jobs/steps/apply-supplier-event.step.js";
import { batchVendorStep } from "../../../src/jobs/steps/batch-vendor.step.js";
import { evaluateOrderStep } from "../../../src/jobs/steps/evaluate-order.step.js";
import { startService, type Service } from "../../../src/main.js";
import { pipelineEnv, sampleOrder } from "../../support/pipeline-env.js";

/**
 * Two receipts for one PO. The first decides its effect, records it, and its worker dies before
 * the PO is saved; the second is applied in full meanwhile. The first one's retry must decide
 * again from the PO as it now is: the effect recorded earlier hands out the covers the second
 * receipt already served (each line granted twice) and writes the PO back to before the second.
 */
describe("a receipt whose recorded effect went stale", () => {
  let service: Service;

  beforeAll(async () => {
    const { dir, env } = pipelineEnv({ shopifyUrl: "http://127.0.0.1:9", supplierUrl: "http://127.0.0.1:9" });
    service = await startService({ roles: [], configDir: dir, env });
    await service.deps.offers.upsertMany([{ sku: "MUG-RED", vendor: "acme", vendorSku: "AC-MUG-R", unitCost: 250, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 5, preferred: false, dropship: false }]);
    for (const [n, qty] of [[1, 2], [2, 2]] as const) {
      await service.deps.orders.upsertOrder(sampleOrder(n, [{ sku: "MUG-RED", qty }], `2026-11-01T1${n}:00:00.000Z`));
      await evaluateOrderStep(service.deps, "shop-test", String(9000 + n));
    }
  }, 60_000);

  afterAll(async () => {
    await service?.conn.dropDatabase().catch(() => undefined);
    await service?.stop();
  });

  it("is decided again, and every unit is granted once", async () => {
    const { created } = await batchVendorStep(service.deps, "acme", new Date().toISOString());
    const poNumber = created[0] ?? "";
    const po = await service.deps.purchaseOrders.get(poNumber);
    expect(po?.state).toBe("issued");
    const record = async (eventId: string) => {
      const event = { kind: "receipt", eventId, poNumber, receivedAt: "2026-12-03", lines: [{ vendorSku: "AC-MUG-R", quantity: 2 }] };
      await service.deps.supplierEvents.record({ _id: eventId, source: "manual", vendor: "acme", poNumber, event, receivedAt: new Date().toISOString() });
    };
    await record("first");
    await record("second");
    // The first receipt's worker recorded the effect it decided from the PO as issued, then died.
    const stale = applyReceipt(po!, [{ lineNo: 1, quantity: 2 }]);
    await service.deps.supplierEvents.recordOutcome("first", { state: stale.purchaseOrder.state, lines: stale.purchaseOrder.lines, allocations: stale.allocations, stockDeltas: stale.stockDeltas } as unknown as Record<string, unknown>);

    expect(await applySupplierEventStep(service.deps, "second")).toBe("applied");
    expect(await applySupplierEventStep(service.deps, "first")).toBe("applied");

    const after = await service.deps.purchaseOrders.get(poNumber);
    expect(after?.state).toBe("received");
    expect(after?.lines[0]).toMatchObject({ receivedQuantity: 4, covers: [] });
    for (const key of ["shop-test:9001", "shop-test:9002"]) {
      const ev = await service.deps.evaluations.get(key);
      expect(ev?.lines[0]).toMatchObject({ allocated: 2, shortfall: 0 });
    }
    const grants = await Promise.all(["first", "second"].map(async (id) => ((await service.deps.supplierEvents.get(id))?.outcome as { allocations: { order: string; quantity: number }[] }).allocations));
    expect(grants.flat().map((g) => [g.order, g.quantity]).sort()).toEqual([["shop-test:9001", 2], ["shop-test:9002", 2]]);
    expect((await service.deps.stock.all()).find((s) => s.sku === "MUG-RED")).toMatchObject({ onHand: 4, committed: 4 });
  });
});
