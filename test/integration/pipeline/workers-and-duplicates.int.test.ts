import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerPool } from "../../../scripts/chaos/worker-pool.js";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { startHttpSupplierPeer, type HttpSupplierPeer } from "../../../src/emulators/supplier/http-supplier.peer.js";
import { Queues, ingestQueue } from "../../../src/jobs/queue-names.js";
import { startService, type Service } from "../../../src/main.js";
import { pipelineEnv, sampleOrder, waitFor } from "../../support/pipeline-env.js";

/**
 * Two worker processes share the work while each is killed (SIGKILL) once at a named crash point:
 * after an evaluation's intent is recorded, after a PO is recorded but before it is pushed, and
 * after the supplier received a PO but before that was recorded. Afterwards every order has been
 * evaluated once and every PO delivered once; duplicates sent on purpose change nothing.
 */
describe("two worker processes, crashes mid-evaluation, mid-batch and mid-push", () => {
  const SKUS = ["MUG-RED", "TEE-L", "CAP-BLK", "SOCK-3"];
  let shopify: Awaited<ReturnType<typeof startShopifyEmulator>>;
  let supplier: HttpSupplierPeer;
  let control: Service;
  let pool: ReturnType<typeof createWorkerPool>;
  const crashDir = mkdtempSync(join(tmpdir(), "bo-crash-"));

  beforeAll(async () => {
    const orders = Array.from({ length: 12 }, (_, i) => sampleOrder(i + 1, [{ sku: SKUS[i % 4] as string, qty: 1 + (i % 3) }, { sku: SKUS[(i + 1) % 4] as string, qty: 1 }], `2026-11-0${1 + (i % 5)}T1${i % 10}:00:00.000Z`));
    shopify = await startShopifyEmulator({ port: 0, orders, accessToken: "shpat_emulator" });
    supplier = await startHttpSupplierPeer({ port: 0, signingSecret: "peer-secret" });
    const { dir, env } = pipelineEnv({ shopifyUrl: shopify.url, supplierUrl: supplier.url, concurrency: { "orders.evaluate": 2, "po.push": 1 } });
    const workerEnv = { ...env, BACKORDER_CRASH_DIR: crashDir, BACKORDER_CRASH_POINTS: "evaluation-intent,po-recorded,po-sent-unrecorded", BACKORDER_LOCK_DURATION_MS: "3000" };
    control = await startService({ roles: [], configDir: dir, env });
    await control.deps.offers.upsertMany(
      SKUS.map((sku) => ({ sku, vendor: "acme", vendorSku: `AC-${sku}`, unitCost: 300, currency: "USD", moq: 1, casePack: 1, leadTimeDays: 5, preferred: false, dropship: false })),
    );
    await control.deps.stock.setOnHand("MUG-RED", "main", 1);
    pool = createWorkerPool({ configDir: dir, env: workerEnv, size: 2 });
    pool.start();
  }, 120_000);

  afterAll(async () => {
    await pool?.stop?.();
    await control?.conn.dropDatabase().catch(() => undefined);
    await control?.stop();
    await supplier?.close();
    await shopify?.close();
  });

  it("evaluates every order once and delivers every PO once", async () => {
    await control.runtime.queue(ingestQueue("shop-test")).add("poll", { kind: "poll", channel: "shop-test" }, { jobId: "poll-1" });
    await waitFor("12 orders evaluated", async () => {
      const evs = await control.deps.evaluations.list();
      return evs.length === 12 && evs.every((e) => !e.pending) ? evs : null;
    }, 120_000, 300).catch(async (err: Error) => {
      const evs = await control.deps.evaluations.list();
      const jobs = await control.runtime.queue(Queues.evaluate).getJobs(["failed", "delayed", "active", "wait", "prioritized"]);
      throw new Error(`${err.message}; ${evs.length} evaluations, pending: ${evs.filter((e) => e.pending).map((e) => e._id).join(" ")}; evaluate jobs: ${JSON.stringify(jobs.map((j) => [j.id, j.failedReason, j.attemptsMade, j.delay]))}`);
    });
    // The same order version enqueued three times more: one evaluation effect in all.
    for (let i = 0; i < 3; i++) await control.deps.next.evaluate({ channel: "shop-test", externalId: "9001", version: 1 });
    await control.runtime.queue(Queues.evaluate).add("dup", { channel: "shop-test", externalId: "9001", version: 1 }, { jobId: "dup-eval-1" });
    await waitFor("the duplicate evaluation to finish", async () => (await control.runtime.queue(Queues.evaluate).getJob("dup-eval-1"))?.finishedOn, 60_000);

    const window = new Date().toISOString();
    await control.runtime.queue(Queues.batch).add("batch", { vendor: "acme", windowStart: window, trigger: "manual" }, { jobId: "window-1" });
    await waitFor("every PO recorded as sent", async () => {
      const pos = await control.deps.purchaseOrders.list();
      return pos.length > 0 && pos.every((p) => p.delivery.state === "sent") ? pos : null;
    }, 120_000, 300).catch(async (err: Error) => {
      const failed = await control.runtime.queue(Queues.batch).getJobs(["failed", "delayed", "active", "wait"]);
      throw new Error(`${err.message}; batch jobs: ${JSON.stringify(failed.map((j) => [j.id, j.failedReason, j.attemptsMade, j.stacktrace?.[0]?.slice(0, 300)]))}`);
    });
    // The window fired a second time: nothing new.
    await control.runtime.queue(Queues.batch).add("batch", { vendor: "acme", windowStart: window, trigger: "manual" }, { jobId: "window-1-again" });
    await waitFor("the second firing to finish", async () => (await control.runtime.queue(Queues.batch).getJob("window-1-again"))?.finishedOn, 60_000);

    const pos = await control.deps.purchaseOrders.list();
    const evaluations = await control.deps.evaluations.list();
    expect(readdirSync(crashDir).sort()).toEqual(["evaluation-intent.fired", "po-recorded.fired", "po-sent-unrecorded.fired"]);
    expect(pool.stats.diedOnTheirOwn).toBeGreaterThanOrEqual(3);
    // Each order was evaluated once, except the one whose worker died right after recording its
    // intent: that intent had changed nothing, so it was dropped and the order evaluated afresh.
    const again = evaluations.filter((e) => e.seq !== 1);
    expect(again.map((e) => e.seq)).toEqual(again.map(() => 2));
    expect(again.length).toBeLessThanOrEqual(1);
    for (const e of again) expect((await control.deps.events.forRef(e._id)).map((x) => x.what)).toContain("intent dropped");
    // And stock committed is exactly what the evaluations hold.
    const held = new Map<string, number>();
    for (const e of evaluations) for (const l of e.lines) for (const p of l.picks) held.set(`${l.sku}@${p.location}`, (held.get(`${l.sku}@${p.location}`) ?? 0) + p.quantity);
    for (const level of await control.deps.stock.all()) expect([level.sku, level.committed]).toEqual([level.sku, held.get(`${level.sku}@${level.location}`) ?? 0]);
    expect(pos).toHaveLength(1);
    expect(supplier.received().map((r) => r.idempotencyKey)).toEqual(pos.map((p) => p.poNumber));
    // Every short unit is on the PO exactly once.
    const short = evaluations.reduce((s, e) => s + e.shortfall, 0);
    const covered = pos.flatMap((p) => p.lines.flatMap((l) => l.covers)).reduce((s, c) => s + c.quantity, 0);
    expect(covered).toBe(short);
  }, 300_000);

  it("a Retry of the completed push job delivers nothing again", async () => {
    const [po] = await control.deps.purchaseOrders.list();
    const job = await control.runtime.queue(Queues.push).getJob(`push.${po?.poNumber}`);
    expect(await job?.getState()).toBe("completed");
    await job?.retry("completed");
    await waitFor("the retried push to complete again", async () => ((await job?.getState()) === "completed" ? true : null), 60_000);
    expect(supplier.received()).toHaveLength(1);
    const after = await control.deps.purchaseOrders.get(po?.poNumber ?? "");
    expect(after?.delivery.attempts).toBe(po?.delivery.attempts);
  }, 120_000);
});
