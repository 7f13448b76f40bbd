import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { startSupplierPeers, type SupplierPeers } from "../cli/emulate-supplier.js";
import type { SalesOrder } from "../domain/order.js";
import { startAmazonEmulator, type AmazonEmulator } from "../emulators/amazon/amazon.emulator.js";
import { startShopifyEmulator, type ShopifyEmulator } from "../emulators/shopify/shopify.emulator.js";
import { connectMongo } from "../persistence/mongo-connection.js";
import { openCore, startService, type Core, type Service } from "../main.js";
import { DemoEnvNames, writeDemoConfig } from "./demo-config.js";
import type { DemoVendor } from "./demo-data.js";
import { DEMO_SHOPIFY } from "./demo-rules.js";

/** Every process-local server of one demo run, and how to stop them all. */
export interface DemoStack {
  service: Service;
  shopify: ShopifyEmulator;
  amazon: AmazonEmulator;
  peers: SupplierPeers;
  env: NodeJS.ProcessEnv;
  admin: { user: string; password: string };
  supplierSecret: string;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });

/** Drops the demo database and every Redis key under the demo prefix, so a run starts fresh. */
export const cleanDemoState = async (env: NodeJS.ProcessEnv, db: string, prefix: string): Promise<void> => {
  const conn = await connectMongo(env.MONGODB_URI ?? "mongodb://127.0.0.1:27017/", db);
  await conn.dropDatabase();
  await conn.close();
  const redis = new Redis(env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 3 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
};

export interface StackOptions {
  configDir: string;
  db: string;
  prefix: string;
  vendors: readonly DemoVendor[];
  shopifyOrders: readonly SalesOrder[];
  amazonOrders: readonly SalesOrder[];
  baseEnv: NodeJS.ProcessEnv;
  /**
   * Runs on the demo's database before any worker or schedule starts (offers, starting stock):
   * a poll firing on the minute must not evaluate orders against an empty catalogue.
   */
  prepare?: (core: Core) => Promise<void>;
}

const secret = (): string => randomBytes(18).toString("base64url");

/** Supplier peers, marketplace emulators, a generated config and the service with every role. */
export const startDemoStack = async (o: StackOptions): Promise<DemoStack> => {
  const s = { shopifyToken: `shpat_${secret()}`, webhook: secret(), supplier: secret(), sftp: secret(), amazon: { clientId: `amzn1.application-oa2-client.${secret()}`, clientSecret: secret(), refreshToken: `Atzr|${secret()}` } };
  const admin = { user: "demo", password: secret() };
  const peers = await startSupplierPeers({ signingSecret: s.supplier, sftpPassword: s.sftp });
  const port = await freePort();
  const shopify = await startShopifyEmulator({
    orders: [...o.shopifyOrders], accessToken: s.shopifyToken, limits: { plan: "plus" },
    webhook: { url: `http://127.0.0.1:${port}/webhooks/shopify/${DEMO_SHOPIFY}`, secret: s.webhook, shopDomain: "demo.myshopify.com" },
  });
  const amazon = await startAmazonEmulator({ orders: [...o.amazonOrders], credentials: s.amazon });
  writeDemoConfig(o.configDir, {
    prefix: o.prefix, vendors: o.vendors,
    endpoints: { shopifyUrl: shopify.url, amazonUrl: amazon.url, httpSupplierUrl: peers.http.url, smtpPort: peers.smtp.port, sftpPort: peers.sftp.port, sftpHostKeySha256: peers.sftp.hostKeySha256, sftpUser: peers.sftp.username },
  });
  const env: NodeJS.ProcessEnv = {
    ...o.baseEnv, MONGODB_DB: o.db, BACKORDER_CONFIG_DIR: o.configDir, LOG_LEVEL: o.baseEnv.DEMO_LOG_LEVEL ?? "warn",
    BACKORDER_ADDRESS_KEY: randomBytes(32).toString("base64"), BACKORDER_ADMIN_CREDENTIALS: `${admin.user}:${admin.password}`,
    [DemoEnvNames.shopifyToken]: s.shopifyToken, [DemoEnvNames.shopifyWebhookSecret]: s.webhook, [DemoEnvNames.supplierSecret]: s.supplier, [DemoEnvNames.sftpPassword]: s.sftp,
    [DemoEnvNames.amazonClientId]: s.amazon.clientId, [DemoEnvNames.amazonClientSecret]: s.amazon.clientSecret, [DemoEnvNames.amazonRefreshToken]: s.amazon.refreshToken,
  };
  if (o.prepare) {
    const core = await openCore({ configDir: o.configDir, env });
    try {
      await o.prepare(core);
    } finally {
      await core.close();
    }
  }
  const service = await startService({ roles: ["server", "worker", "scheduler"], configDir: o.configDir, env, port });
  return {
    service, shopify, amazon, peers, env, admin, supplierSecret: s.supplier,
    stop: async () => {
      await service.stop();
      await Promise.allSettled([shopify.close(), amazon.close(), peers.close()]);
    },
  };
};
