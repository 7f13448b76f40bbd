import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrivateRedis, type PrivateService } from "../../../scripts/chaos/private-services.js";
import { withLock, withLocks } from "../../../src/shared/lock.js";
import { createRedis } from "../../../src/shared/redis.js";

/**
 * A restart can lose lock keys taken in the append-only file's last second while their holders
 * still work; no lock is granted until the server has been up for one lock lifetime.
 */
describe("locks after a Redis restart", () => {
  const dir = mkdtempSync(join(tmpdir(), "bo-lock-quiet-"));
  let server: PrivateService;
  let redis: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    server = await startPrivateRedis(dir);
    redis = createRedis(server.url);
    redis.on("error", () => undefined);
  });

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("grants no lock, single or set, until the restarted server has been up one lifetime", async () => {
    await server.restart();
    const startedAt = Date.now();
    const ttlMs = 2_000;
    // A wait far shorter than the quiet period: the quiet period must not count against it.
    const single = withLock(redis, "quiet:one", async () => Date.now(), { ttlMs, waitMs: 300 });
    const set = withLocks(redis, ["quiet:a", "quiet:b"], async () => Date.now(), { ttlMs, waitMs: 300 });
    const [a, b] = await Promise.all([single, set]);
    expect(a - startedAt).toBeGreaterThanOrEqual(ttlMs - 1_000);
    expect(b - startedAt).toBeGreaterThanOrEqual(ttlMs - 1_000);
    // Once the server is older than a lifetime, locks are granted at once.
    const t0 = Date.now();
    await withLock(redis, "quiet:one", async () => undefined, { ttlMs });
    expect(Date.now() - t0).toBeLessThan(500);
  }, 30_000);
});
