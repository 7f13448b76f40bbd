import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { DEMO_AMAZON, DEMO_SHOPIFY } from "./demo-rules.js";
import type { DemoVendor } from "./demo-data.js";

/** Names of the environment variables the generated config refers to (values are generated per run). */
export const DemoEnvNames = {
  shopifyToken: "DEMO_SHOPIFY_TOKEN",
  shopifyWebhookSecret: "DEMO_SHOPIFY_WEBHOOK_SECRET",
  amazonClientId: "DEMO_AMAZON_CLIENT_ID",
  amazonClientSecret: "DEMO_AMAZON_CLIENT_SECRET",
  amazonRefreshToken: "DEMO_AMAZON_REFRESH_TOKEN",
  supplierSecret: "DEMO_SUPPLIER_SECRET",
  sftpPassword: "DEMO_SFTP_PASSWORD",
} as const;

export interface DemoEndpoints {
  shopifyUrl: string;
  amazonUrl: string;
  httpSupplierUrl: string;
  smtpPort: number;
  sftpPort: number;
  sftpHostKeySha256: string;
  sftpUser: string;
}

/**
 * A vendor's cron never fires during the demo (1 January, 00:00): the demo closes the batch
 * windows itself (the "demo clock", run-demo.ts) once ingest and evaluation are quiet, so a run
 * takes minutes instead of waiting for cut-off times.
 */
const NEVER = "0 0 1 1 *";

const transportOf = (v: DemoVendor, e: DemoEndpoints) => {
  if (v.transport === "http") return { kind: "http", url: e.httpSupplierUrl, signingSecretEnv: DemoEnvNames.supplierSecret, maxConcurrent: 4 };
  if (v.transport === "email") return { kind: "email", host: "127.0.0.1", port: e.smtpPort, from: "purchasing@demo.invalid", to: `orders+${v.id}@supplier.invalid` };
  return {
    kind: "sftp", host: "127.0.0.1", port: e.sftpPort, username: e.sftpUser, passwordEnv: DemoEnvNames.sftpPassword, inboundDir: "/inbound",
    senderId: "DEMOBUYER", receiverId: v.id.toUpperCase().replace(/-/g, "").slice(0, 15), usage: "T", hostKeySha256: e.sftpHostKeySha256,
  };
};

/** Writes config/default.yaml, two channels and one file per vendor into `dir` (emptied first). */
export const writeDemoConfig = (dir: string, o: { prefix: string; endpoints: DemoEndpoints; vendors: readonly DemoVendor[] }): void => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "channels"), { recursive: true });
  mkdirSync(path.join(dir, "vendors"), { recursive: true });
  const write = (file: string, data: unknown) => writeFileSync(path.join(dir, file), stringify(data));
  const e = o.endpoints;
  write("default.yaml", {
    buyer: { name: "Demo Merchant Ltda", id: "DEMOBUYER", address: { line1: "Av. Paulista 1000", city: "São Paulo", region: "SP", postalCode: "01310-100", country: "BR" } },
    server: { host: "127.0.0.1", port: 0 },
    queues: { prefix: o.prefix, backoffMs: 500, attempts: 6, concurrency: { "orders.evaluate": 4, "po.push": 8, "po.inbound": 4, "channel.sync": 4, "backorders.batch": 4 } },
    log: { level: "warn" },
  });
  write(`channels/${DEMO_SHOPIFY}.yaml`, {
    kind: "shopify", id: DEMO_SHOPIFY, shopDomain: "demo.myshopify.com", baseUrl: e.shopifyUrl, accessTokenEnv: DemoEnvNames.shopifyToken,
    webhookSecretEnv: DemoEnvNames.shopifyWebhookSecret, poll: { cron: "* * * * *", pageSize: 100 }, locations: ["main"],
  });
  write(`channels/${DEMO_AMAZON}.yaml`, {
    kind: "amazon", id: DEMO_AMAZON, endpoint: e.amazonUrl, lwaEndpoint: e.amazonUrl, marketplaceIds: ["A2Q3Y263D00KWC"], clientIdEnv: DemoEnvNames.amazonClientId,
    clientSecretEnv: DemoEnvNames.amazonClientSecret, refreshTokenEnv: DemoEnvNames.amazonRefreshToken, poll: { cron: "* * * * *", pageSize: 100 }, locations: ["main"],
  });
  for (const v of o.vendors) {
    write(`vendors/${v.id}.yaml`, {
      id: v.id, name: `Olist seller ${v.sellerId.slice(0, 8)}`, currency: "BRL", transport: transportOf(v, e), schedule: { cron: NEVER }, dropship: v.dropship,
    });
  }
};
