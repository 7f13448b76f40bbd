import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSupplierPeers } from "./emulate-supplier.js";
import { Argument, type Command } from "commander";
import { NotFoundError } from "./ops/cli-errors.js";
import { PermanentError } from "../shared/errors.js";
import { EMULATOR_SECRETS as S, SHIPPED, emulatorPort, setupLines, type EmulatorKind } from "./emulator-setup.js";
import { portNumber, wholeNumber } from "./ops/option-parsers.js";
import type { SalesOrder } from "../domain/order.js";
import { startAmazonEmulator } from "../emulators/amazon/amazon.emulator.js";
import { generateOrders, loadOrdersFile } from "../emulators/common/order-sources.js";
import { startShopifyEmulator } from "../emulators/shopify/shopify.emulator.js";

/**
 * `backorder emulate <kind>`: starts one local stand-in and keeps it running until Ctrl-C.
 * Each kind is one entry of EMULATORS; another kind (e.g. `supplier`) is added with one line there.
 */
export interface EmulateOptions {
  port: number;
  orders?: string[];
  seed?: number;
  count?: number;
  webhookUrl?: string;
  webhookSecret?: string;
}
export interface RunningEmulator {
  url: string;
  describe: string[];
  /** The environment variables the shipped config reads, with the values this emulator accepts. */
  env: Record<string, string>;
  close(): Promise<void>;
}
export type EmulatorStarter = (opts: EmulateOptions) => Promise<RunningEmulator>;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The project's real sample data lives beside the repo, in ../shared/data. */
export const sharedDataPath = (...parts: string[]): string => path.resolve(repoRoot, "../shared/data", ...parts);

const ordersFor = (opts: EmulateOptions, channel: string, defaultFile: string): SalesOrder[] => {
  if (opts.count !== undefined) return generateOrders(opts.count, opts.seed ?? 1, channel, Date.now());
  const files = opts.orders && opts.orders.length > 0 ? opts.orders : [defaultFile];
  for (const f of files) if (!existsSync(f)) throw new NotFoundError(`orders file not found: ${f}`);
  return files.flatMap((f) => loadOrdersFile(f, channel));
};

const shopify: EmulatorStarter = async (opts) => {
  const orders = ordersFor(opts, "emulator", sharedDataPath("shopify/orders_export_devstore.csv"));
  const secret = opts.webhookSecret ?? S.shopifyWebhookSecret;
  const emu = await startShopifyEmulator({ port: opts.port, orders, accessToken: S.shopifyToken, ...(opts.webhookUrl && { webhook: { url: opts.webhookUrl, secret } }) });
  const { env } = SHIPPED.shopify;
  return { url: emu.url, close: emu.close, describe: [`${orders.length} orders`, `GraphQL: ${emu.url}/admin/api/2025-10/graphql.json`, `X-Shopify-Access-Token: ${emu.accessToken}`, `stats: ${emu.url}/_emulator/stats`],
    env: { [env.accessToken]: emu.accessToken, [env.webhookSecret]: secret } };
};

const amazon: EmulatorStarter = async (opts) => {
  const orders = ordersFor(opts, "emulator", sharedDataPath("olist/olist_order_items_dataset.csv"));
  const emu = await startAmazonEmulator({ port: opts.port, orders });
  const c = emu.credentials;
  const { env } = SHIPPED.amazon;
  return { url: emu.url, close: emu.close, describe: [`${orders.length} orders`, `searchOrders: ${emu.url}/orders/2026-01-01/orders`, `LWA: ${emu.url}/auth/o2/token`, `stats: ${emu.url}/_emulator/stats`],
    env: { [env.clientId]: c.clientId, [env.clientSecret]: c.clientSecret, [env.refreshToken]: c.refreshToken } };
};

/** The supplier peers on the ports, user and secrets the shipped vendor configs name (HTTP --port or theirs). */
const supplier: EmulatorStarter = async (opts) => {
  const { smtpPort, sftpPort, sftpUser, env } = SHIPPED.supplier;
  const peers = await startSupplierPeers({ httpPort: opts.port, smtpPort, sftpPort, signingSecret: S.supplierSigningSecret,
    smtpAuth: { user: S.smtpUser, pass: S.smtpPassword }, sftpUser, sftpPassword: S.sftpPassword });
  return { url: peers.http.url, close: peers.close,
    describe: [`HTTP purchase orders: ${peers.http.url} (admin: /admin/fail, /admin/received, /admin/callback)`, `SMTP: 127.0.0.1:${peers.smtp.port}`, `SFTP: 127.0.0.1:${peers.sftp.port} user ${peers.sftp.username} (root ${peers.sftpRoot})`],
    env: { [env.signingSecret]: S.supplierSigningSecret, [env.smtpUser]: S.smtpUser, [env.smtpPassword]: S.smtpPassword, [env.sftpPassword]: S.sftpPassword } };
};

export const EMULATORS: Record<EmulatorKind, EmulatorStarter> = {
  shopify,
  amazon,
  supplier,
};

export const registerEmulateCommand = (program: Command): void => {
  program
    .command("emulate")
    .description(`serve a local stand-in API (${Object.keys(EMULATORS).join(", ")}) on 127.0.0.1`)
    .addArgument(new Argument("<kind>", "which stand-in").choices(Object.keys(EMULATORS)))
    .option("--port <n>", `port (default: the shipped config's, ${Object.entries(SHIPPED).map(([k, s]) => `${k} ${s.port}`).join(", ")}; 0 = any free port)`, portNumber)
    .option("--orders <file...>", "orders to serve: Shopify export CSV, Amazon All Orders TSV or Olist order-items CSV")
    .option("--count <n>", "serve N generated orders instead of files", wholeNumber)
    .option("--seed <n>", "seed for generated orders", wholeNumber)
    .option("--webhook-url <url>", "Shopify: POST signed order webhooks here")
    .option("--webhook-secret <secret>", "Shopify: secret to sign webhooks with")
    .action(async (kind: EmulatorKind, opts: Omit<EmulateOptions, "port"> & { port?: number }) => {
      // commander has refused any kind outside EMULATORS' keys (choices above).
      const port = emulatorPort(kind, opts.port);
      const emu = await EMULATORS[kind]({ ...opts, port }).catch((err: unknown) => {
        // The default is a fixed port now, so a second emulator (or the real thing) may hold it.
        if ((err as { code?: unknown }).code !== "EADDRINUSE") throw err;
        throw new PermanentError("EMULATE.PORT_IN_USE", `port ${(err as { port?: number }).port ?? port} on 127.0.0.1 is in use (another emulator?); --port 0 picks a free one`, {}, { cause: err });
      });
      const lines = [...emu.describe, ...setupLines(kind, emu.url, emu.env)];
      process.stdout.write(`${kind} emulator on ${emu.url}\n${lines.map((l) => `  ${l}\n`).join("")}`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await emu.close();
    });
};
