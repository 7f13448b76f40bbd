import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliveryLogRepository } from "../../../src/persistence/suppliers/delivery-log.repository.js";
import { isolatedServices } from "../../support/services.js";

let services: Awaited<ReturnType<typeof isolatedServices>>;
beforeAll(async () => {
  services = await isolatedServices("delivery_log");
});
afterAll(async () => services.cleanup());

const t0 = new Date("2026-12-03T10:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

describe("delivery log on the Mongo-wire server", () => {
  it("lets exactly one of many concurrent claimers send", async () => {
    const log = createDeliveryLogRepository(services.conn);
    const claims = await Promise.all(Array.from({ length: 10 }, () => log.claim({ poNumber: "PO-RACE", transport: "email", now: t0, leaseMs: 60_000 })));
    expect(claims.filter((c) => c.outcome === "claimed")).toHaveLength(1);
    expect(claims.filter((c) => c.outcome === "busy")).toHaveLength(9);
  });

  it("walks sending → failed → sending → sent, and reports an expired send as unknown", async () => {
    const log = createDeliveryLogRepository(services.conn);
    const key = { poNumber: "PO-WALK", transport: "email" };
    const first = await log.claim({ ...key, now: t0, leaseMs: 1_000 });
    expect(first).toEqual({ outcome: "claimed", attempt: 1, previous: "none" });
    await log.markFailed({ ...key, attempt: 1, reason: "421 try later", now: t0 });
    expect(await log.claim({ ...key, now: later(10), leaseMs: 1_000 })).toEqual({ outcome: "claimed", attempt: 2, previous: "failed" });
    // attempt 2 dies silently; before its lease ends others must wait, after it the outcome is unknown
    expect((await log.claim({ ...key, now: later(500), leaseMs: 1_000 })).outcome).toBe("busy");
    expect(await log.claim({ ...key, now: later(2_000), leaseMs: 1_000 })).toEqual({ outcome: "claimed", attempt: 3, previous: "unknown", since: later(10).toISOString() });
    await log.markSent({ ...key, attempt: 3, reference: "<PO-WALK.backorder@x>", now: later(2_100) });
    expect(await log.claim({ ...key, now: later(9_000), leaseMs: 1_000 })).toEqual({ outcome: "sent", reference: "<PO-WALK.backorder@x>" });
  });
});
