import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { channelSyncStep } from "../../../src/jobs/steps/channel-sync.step.js";
import { openCore } from "../../../src/main.js";
import { withLock } from "../../../src/shared/lock.js";
import { pipelineEnv, sampleOrder } from "../../support/pipeline-env.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * FerretDB 1.x applies an update by reading the document and writing it back, so the hold sync's
 * one-field write, beside an evaluation finishing the same order, could put the evaluation's
 * pending intent back. The sync writes under the order's lock, after the evaluation is done.
 */
describe("hold sync of an order being evaluated", () => {
  let shopify: Awaited<ReturnType<typeof startShopifyEmulator>>;
  let core: Awaited<ReturnType<typeof openCore>>;
  const KEY = "shop-test:9001";

  beforeAll(async () => {
    shopify = await startShopifyEmulator({ port: 0, orders: [sampleOrder(1, [{ sku: "MUG-RED", qty: 1 }], "2026-11-01T10:00:00.000Z")], accessToken: "shpat_emulator" });
    const { dir, env } = pipelineEnv({ shopifyUrl: shopify.url, supplierUrl: "http://127.0.0.1:9" });
    core = await openCore({ configDir: dir, env });
  }, 60_000);

  afterAll(async () => {
    await core?.conn.dropDatabase().catch(() => undefined);
    await core?.close();
    await shopify?.close();
  });

  it("waits for the order's lock and keeps the evaluation's outcome", async () => {
    const base = {
      _id: KEY, channel: "shop-test", externalId: "9001", version: 1, seq: 1, state: "on_hold" as const, onHold: true, holdSeq: 1, syncedHoldSeq: 0,
      placedAt: "2026-11-01T10:00:00.000Z", priority: 0, lines: [], shortfall: 1, updatedAt: "2026-11-01T10:00:01.000Z",
    };
    await core.deps.evaluations.recordIntent(KEY, base, { seq: 2, version: 1, deltas: [], lines: [], shortfalls: [], onHold: true, state: "on_hold" });
    let sync: Promise<string> | undefined;
    await withLock(core.redis, `order:${KEY}`, async () => {
      sync = channelSyncStep(core.deps, "shop-test", "9001", true, 1);
      await sleep(400);
      // An evaluation holding the lock finishes; the sync has not written meanwhile.
      expect((await core.deps.evaluations.get(KEY))?.syncedHoldSeq).toBe(0);
      await core.deps.evaluations.finish(KEY, { seq: 2, updatedAt: "2026-11-01T10:00:02.000Z" });
    });
    expect(await sync).toBe("synced");
    const after = await core.deps.evaluations.get(KEY);
    expect(after?.pending).toBeUndefined();
    expect(after).toMatchObject({ seq: 2, syncedHoldSeq: 1 });
  });
});
