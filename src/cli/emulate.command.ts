import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSupplierPeers } from "./emulate-supplier.js";
import { Argument, type Command } from "commander";
import { NotFoundError } from "./ops/cli-errors.js";
import { wholeNumber } from "./ops/option-parsers.js";
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
  const emu = await startShopifyEmulator({ port: opts.port, orders,
    ...(opts.webhookUrl && { webhook: { url: opts.webhookUrl, secret: opts.webhookSecret ?? "emulator-webhook-secret" } }) });
  return { url: emu.url, close: emu.close, describe: [`${orders.length} orders`, `GraphQL: ${emu.url}/admin/api/2025-10/graphql.json`, `X-Shopify-Access-Token: ${emu.accessToken}`] };
};

const amazon: EmulatorStarter = async (opts) => {
  const orders = ordersFor(opts, "emulator", sharedDataPath("olist/olist_order_items_dataset.csv"));
  const emu = await startAmazonEmulator({ port: opts.port, orders });
  const c = emu.credentials;
  return { url: emu.url, close: emu.close, describe: [`${orders.length} orders`, `searchOrders: ${emu.url}/orders/2026-01-01/orders`, `LWA: ${emu.url}/auth/o2/token`,
    `client id ${c.clientId}, client secret ${c.clientSecret}, refresh token ${c.refreshToken} (emulator-only values)`] };
};

/** The supplier peers on the ports the shipped vendor configs name (HTTP --port or 8083, SMTP 2525, SFTP 2222). */
const supplier: EmulatorStarter = async (opts) => {
  const peers = await startSupplierPeers({ httpPort: opts.port || 8083, smtpPort: 2525, sftpPort: 2222 });
  return { url: peers.http.url, close: peers.close, describe: [`HTTP purchase orders: ${peers.http.url}`, `SMTP: 127.0.0.1:${peers.smtp.port}`, `SFTP: 127.0.0.1:${peers.sftp.port} (root ${peers.sftpRoot})`] };
};

export const EMULATORS: Record<string, EmulatorStarter> = {
  shopify,
  amazon,
  supplier,
};

export const registerEmulateCommand = (program: Command): void => {
  program
    .command("emulate")
    .description(`serve a local stand-in API (${Object.keys(EMULATORS).join(", ")}) on 127.0.0.1`)
    .addArgument(new Argument("<kind>", "which stand-in").choices(Object.keys(EMULATORS)))
    .option("--port <n>", "port (0 = any free port)", wholeNumber, 0)
    .option("--orders <file...>", "orders to serve: Shopify export CSV, Amazon All Orders TSV or Olist order-items CSV")
    .option("--count <n>", "serve N generated orders instead of files", wholeNumber)
    .option("--seed <n>", "seed for generated orders", wholeNumber)
    .option("--webhook-url <url>", "Shopify: POST signed order webhooks here")
    .option("--webhook-secret <secret>", "Shopify: secret to sign webhooks with")
    .action(async (kind: string, opts: EmulateOptions) => {
      // commander has refused any kind outside EMULATORS' keys (choices above).
      const emu = await (EMULATORS[kind] as EmulatorStarter)(opts);
      process.stdout.write(`${kind} emulator on ${emu.url}\n${emu.describe.map((l) => `  ${l}\n`).join("")}  stats: ${emu.url}/_emulator/stats\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await emu.close();
    });
};
