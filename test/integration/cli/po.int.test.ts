import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliWorld } from "./cli-harness.js";
import { seedPo } from "./seed.js";

// Operator PO commands as child processes against the real stores and queues.
let world: Awaited<ReturnType<typeof cliWorld>>;
beforeAll(async () => {
  world = await cliWorld("cli_po");
  await seedPo(world.conn, world.addressKey, { poNumber: "PO-ACME-1", vendor: "acme-supplies", state: "issued", skus: [{ sku: "SKU-A", quantity: 6 }, { sku: "SKU-B", quantity: 4 }], delivery: { state: "sent", transport: "http", attempts: 1 } });
  await seedPo(world.conn, world.addressKey, { poNumber: "PO-ACME-2", vendor: "acme-supplies", state: "received", skus: [{ sku: "SKU-A", quantity: 2 }] });
});
afterAll(async () => world?.cleanup());

describe("backorder po", () => {
  it("receive records one supplier event and queues one inbound job, also when repeated with the same reference", async () => {
    const args = ["po", "receive", "PO-ACME-1", "--sku", "SKU-B", "--qty", "3", "--ref", "GRN-77", "--json"];
    const first = await world.cli(args);
    expect(first.code, first.stderr).toBe(0);
    const second = await world.cli(args);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ recorded: "new", lineNo: 2 });
    expect(JSON.parse(second.stdout)).toMatchObject({ recorded: "duplicate", eventId: JSON.parse(first.stdout).eventId });
    const events = await world.conn.collection("supplier_events").find({}).toArray();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: "manual", vendor: "acme-supplies", poNumber: "PO-ACME-1", applied: false, event: { kind: "receipt", lines: [{ lineNo: 2, quantity: 3 }] } });
    const inbound = world.queue("po.inbound");
    expect(await inbound.getJobCountByTypes("waiting", "prioritized", "delayed")).toBe(1);
    expect((await inbound.getWaiting())[0]?.data).toEqual({ eventId: events[0]?._id });
  }, 120_000);

  it("receive refuses a SKU the PO does not hold (exit 2)", async () => {
    const r = await world.cli(["po", "receive", "PO-ACME-1", "--sku", "SKU-Z", "--qty", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no line for SKU SKU-Z");
  }, 120_000);

  it("cancel of a received PO fails with the typed transition error and changes nothing", async () => {
    const r = await world.cli(["po", "cancel", "PO-ACME-2"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("[PO.ILLEGAL_TRANSITION]");
    expect(r.stderr).toContain("received");
    expect((await world.conn.collection("purchase_orders").findOne({ _id: "PO-ACME-2" as never }))?.state).toBe("received");
  }, 120_000);

  it("resend resets a sent delivery to pending and queues a push job with a new id", async () => {
    const r = await world.cli(["po", "resend", "PO-ACME-1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ jobId: "push.PO-ACME-1.resend.1", previous: "sent" });
    const po = await world.conn.collection("purchase_orders").findOne({ _id: "PO-ACME-1" as never });
    expect(po?.delivery).toMatchObject({ state: "pending", attempts: 1 });
    const job = await world.queue("po.push").getJob("push.PO-ACME-1.resend.1");
    expect(job?.data).toEqual({ poNumber: "PO-ACME-1" });
  }, 120_000);
});
