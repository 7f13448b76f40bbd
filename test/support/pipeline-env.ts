import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import type { SalesOrder } from "../../src/domain/order.js";

/** Polls until `fn` returns a truthy value, or fails with what it last saw. */
export const waitFor = async <T>(what: string, fn: () => Promise<T>, timeoutMs = 30_000, everyMs = 100): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
};

export interface PipelineEnvOptions {
  shopifyUrl: string;
  supplierUrl: string;
  vendorCron?: string;
  concurrency?: Record<string, number>;
}

/** A config folder and environment of the test's own: unique database, queue prefix and secrets. */
export const pipelineEnv = (o: PipelineEnvOptions) => {
  const id = randomUUID().slice(0, 8);
  const dir = mkdtempSync(join(tmpdir(), "bo-pipe-"));
  mkdirSync(join(dir, "channels"));
  mkdirSync(join(dir, "vendors"));
  const write = (file: string, data: unknown) => writeFileSync(join(dir, file), stringify(data));
  write("default.yaml", {
    server: { host: "127.0.0.1", port: 0 },
    queues: { prefix: `t-pipe-${id}`, backoffMs: 200, attempts: 5, concurrency: o.concurrency ?? { "orders.evaluate": 2, "po.push": 2 } },
  });
  write("channels/shop-test.yaml", {
    kind: "shopify", id: "shop-test", shopDomain: "test.myshopify.com", baseUrl: o.shopifyUrl, accessTokenEnv: "T_SHOP_TOKEN",
    webhookSecretEnv: "T_SHOP_SECRET", poll: { cron: "0 0 1 1 *", pageSize: 50 }, locations: ["main"],
  });
  write("vendors/acme.yaml", {
    id: "acme", name: "Acme", currency: "USD", transport: { kind: "http", url: o.supplierUrl, signingSecretEnv: "T_ACME_SECRET" },
    schedule: { cron: o.vendorCron ?? "0 0 1 1 *" },
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGODB_DB: `t_pipe_${id}`,
    BACKORDER_ADDRESS_KEY: randomBytes(32).toString("base64"),
    T_SHOP_TOKEN: "shpat_emulator",
    T_SHOP_SECRET: "shop-webhook-secret",
    T_ACME_SECRET: "peer-secret",
    LOG_LEVEL: "warn",
  };
  return { dir, env, prefix: `t-pipe-${id}`, dbName: `t_pipe_${id}` };
};

export const sampleOrder = (n: number, lines: { sku: string; qty: number }[], placedAt: string): SalesOrder => ({
  channel: "shop-test",
  externalId: String(9000 + n),
  orderNumber: `#${1000 + n}`,
  placedAt,
  channelUpdatedAt: placedAt,
  status: "open",
  fulfilment: "merchant",
  currency: "USD",
  shipTo: { name: `Customer ${n}`, line1: `${n} Main Street`, city: "Springfield", postalCode: "12345", country: "US" },
  lines: lines.map((l, i) => ({ lineId: String(n * 100 + i + 1), sku: l.sku, variantId: `${70000 + [...l.sku].reduce((h, c) => h * 31 + c.charCodeAt(0), 7) % 10000}`, title: l.sku, ordered: l.qty, cancelled: 0, fulfilled: 0, kind: "stock", flags: [] })),
});
