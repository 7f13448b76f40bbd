import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateOrderStep } from "../../../src/jobs/steps/evaluate-order.step.js";
import { startService, type Service } from "../../../src/main.js";
import { pipelineEnv, sampleOrder } from "../../support/pipeline-env.js";

/**
 * An evaluation records its intent (take the last 2 mugs) and its worker dies before touching
 * stock; its locks expire and another order takes those mugs. When the first order is evaluated
 * again, the stale intent must not be applied: the mugs are gone, and committing them anyway puts
 * committed above on hand, after which some order silently loses units it held.
 */
describe("an intent that died before changing stock", () => {
  let service: Service;
  const A = "shop-test:9001";

  beforeAll(async () => {
    const { dir, env } = pipelineEnv({ shopifyUrl: "http://127.0.0.1:9", supplierUrl: "http://127.0.0.1:9" });
    service = await startService({ roles: [], configDir: dir, env });
    await service.deps.offers.upsertMany([{ sku: "MUG-RED", vendor: "acme", vendorSku: "AC-MUG-R", unitCost: 250, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 5, preferred: false, dropship: false }]);
    await service.deps.stock.setOnHand("MUG-RED", "main", 2);
    await service.deps.orders.upsertOrder(sampleOrder(1, [{ sku: "MUG-RED", qty: 2 }], "2026-11-01T10:00:00.000Z"));
    await service.deps.orders.upsertOrder(sampleOrder(2, [{ sku: "MUG-RED", qty: 2 }], "2026-11-01T11:00:00.000Z"));
  }, 60_000);

  afterAll(async () => {
    await service?.conn.dropDatabase().catch(() => undefined);
    await service?.stop();
  });

  it("is dropped and the order evaluated afresh against the stock that is left", async () => {
    const order = await service.deps.orders.getOrder("shop-test", "9001");
    const line = order?.lines[0];
    const base = {
      _id: A, channel: "shop-test", externalId: "9001", version: -1, seq: 0, state: "open" as const, onHold: false, holdSeq: 0, syncedHoldSeq: 0,
      placedAt: order?.placedAt ?? "", priority: 0, lines: [], shortfall: 0, updatedAt: new Date().toISOString(),
    };
    // The intent of the worker that died: both mugs for order 9001.
    await service.deps.evaluations.recordIntent(A, base, {
      seq: 1, version: order?.version ?? 1, deltas: [{ sku: "MUG-RED", location: "main", committed: 2 }],
      lines: [{ lineId: line?.lineId ?? "", sku: "MUG-RED", kind: "stock", needed: 2, picks: [{ location: "main", quantity: 2 }], allocated: 2, shortfall: 0 }],
      shortfalls: [], onHold: false, state: "ready",
    });
    // Meanwhile order 9002 is evaluated and takes them.
    expect(await evaluateOrderStep(service.deps, "shop-test", "9002")).toBe("evaluated");
    expect((await service.deps.evaluations.get("shop-test:9002"))?.lines[0]).toMatchObject({ allocated: 2, shortfall: 0 });

    expect(await evaluateOrderStep(service.deps, "shop-test", "9001")).toBe("evaluated");
    const a = await service.deps.evaluations.get(A);
    expect(a?.pending).toBeUndefined();
    expect(a?.lines[0]).toMatchObject({ allocated: 0, shortfall: 2 });
    expect(a?.onHold).toBe(true);
    expect((await service.deps.stock.all()).find((s) => s.sku === "MUG-RED")).toMatchObject({ onHand: 2, committed: 2 });
    const backorders = await service.deps.backorders.open();
    expect(backorders.map((b) => [b.order, b.quantity])).toEqual([[A, 2]]);
    const trail = await service.deps.events.forRef(A);
    expect(trail.map((e) => e.what)).toContain("intent dropped");
  });
});
