import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { CHANNEL, VENDOR } from "./dataset.js";

export const CRASH_POINTS = ["order-stored", "evaluation-intent", "po-recorded", "po-sent-unrecorded", "receipt-mid-allocation"] as const;

export const trialSecrets = () => ({
  CHAOS_SHOP_TOKEN: `shpat_${randomBytes(12).toString("hex")}`,
  CHAOS_SHOP_SECRET: `whsec_${randomBytes(12).toString("hex")}`,
  CHAOS_ACME_SECRET: `acme_${randomBytes(12).toString("hex")}`,
  BACKORDER_ADDRESS_KEY: randomBytes(32).toString("base64"),
  BACKORDER_ADMIN_CREDENTIALS: `ops:${randomBytes(12).toString("hex")}`,
});
export type TrialSecrets = ReturnType<typeof trialSecrets>;

export interface TrialEnvOptions {
  root: string;
  secrets: TrialSecrets;
  shopifyUrl: string;
  supplierUrl: string;
  redisUrl: string;
  mongoUri: string;
  lockDurationMs: number;
  logLevel?: string;
}

/** A config folder, database name, queue prefix and secrets of the trial's own. */
export const trialEnv = (o: TrialEnvOptions) => {
  const id = randomUUID().slice(0, 8);
  const dir = mkdtempSync(join(o.root, "trial-"));
  const crashDir = join(dir, "crash");
  mkdirSync(join(dir, "channels"));
  mkdirSync(join(dir, "vendors"));
  mkdirSync(crashDir);
  const write = (file: string, data: unknown) => writeFileSync(join(dir, file), stringify(data));
  write("default.yaml", {
    server: { host: "127.0.0.1", port: 0 },
    queues: { prefix: `chaos-${id}`, backoffMs: 250, attempts: 15, concurrency: { "orders.evaluate": 2, "po.push": 2, "po.inbound": 2 } },
  });
  write(`channels/${CHANNEL}.yaml`, {
    kind: "shopify", id: CHANNEL, shopDomain: "chaos.myshopify.com", baseUrl: o.shopifyUrl, accessTokenEnv: "CHAOS_SHOP_TOKEN",
    webhookSecretEnv: "CHAOS_SHOP_SECRET", poll: { cron: "0 0 1 1 *", pageSize: 5 }, locations: ["main"],
  });
  write(`vendors/${VENDOR}.yaml`, {
    id: VENDOR, name: "Acme", currency: "USD", transport: { kind: "http", url: o.supplierUrl, signingSecretEnv: "CHAOS_ACME_SECRET", timeoutMs: 1_500 },
    schedule: { cron: "0 0 1 1 *" },
  });
  const secrets = o.secrets;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    REDIS_URL: o.redisUrl,
    MONGODB_URI: o.mongoUri,
    MONGODB_DB: `chaos_${id}`,
    LOG_LEVEL: o.logLevel ?? "silent",
    BACKORDER_LOCK_DURATION_MS: String(o.lockDurationMs),
  };
  const workerEnv: NodeJS.ProcessEnv = { ...env, BACKORDER_CRASH_POINTS: CRASH_POINTS.join(","), BACKORDER_CRASH_DIR: crashDir };
  return { dir, crashDir, env, workerEnv, secrets, prefix: `chaos-${id}`, dbName: `chaos_${id}` };
};
