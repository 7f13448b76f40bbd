import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";

export interface BenchEnvOptions {
  shopifyUrl: string;
  supplierUrl: string;
  vendors: readonly string[];
  /** Jobs run at once per queue in each worker process. */
  concurrency: Record<string, number>;
  pageSize?: number;
}

/**
 * A config folder and environment of the benchmark's own: its database, queue prefix and secrets,
 * so a run never touches the data of the demo or of tests running beside it.
 */
export const benchEnv = (o: BenchEnvOptions) => {
  const id = randomUUID().slice(0, 8);
  const dir = mkdtempSync(join(tmpdir(), "bo-bench-"));
  mkdirSync(join(dir, "channels"));
  mkdirSync(join(dir, "vendors"));
  const write = (file: string, data: unknown) => writeFileSync(join(dir, file), stringify(data));
  const prefix = `bench-${id}`;
  write("default.yaml", { server: { host: "127.0.0.1", port: 0 }, queues: { prefix, backoffMs: 200, attempts: 8, concurrency: o.concurrency }, log: { level: "warn" } });
  write("channels/bench-shop.yaml", {
    kind: "shopify", id: "bench-shop", shopDomain: "bench.myshopify.com", baseUrl: o.shopifyUrl, accessTokenEnv: "BENCH_SHOP_TOKEN",
    webhookSecretEnv: "BENCH_SHOP_SECRET", poll: { cron: "0 0 1 1 *", pageSize: o.pageSize ?? 100 }, locations: ["main"],
  });
  for (const v of o.vendors) {
    write(`vendors/${v}.yaml`, {
      id: v, name: `Vendor ${v}`, currency: "USD", transport: { kind: "http", url: o.supplierUrl, signingSecretEnv: "BENCH_SUPPLIER_SECRET", maxConcurrent: 4 },
      schedule: { cron: "0 0 1 1 *" },
    });
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGODB_DB: `bench_${id}`,
    BACKORDER_ADDRESS_KEY: randomBytes(32).toString("base64"),
    BENCH_SHOP_TOKEN: "shpat_emulator",
    BENCH_SHOP_SECRET: "bench-webhook-secret",
    BENCH_SUPPLIER_SECRET: "bench-peer-secret",
    LOG_LEVEL: "warn",
  };
  return { dir, env, prefix, dbName: `bench_${id}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

export type BenchEnv = ReturnType<typeof benchEnv>;
