import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { parse } from "yaml";
import { ChannelConfigSchema } from "../config/channel.schema.js";
import type { ChannelConfig } from "../config/channel.schema.js";
import { EnvSchema } from "../config/env.schema.js";
import { loadConfig } from "../config/load-config.js";
import { createRedisRateLimiter } from "../connectors/http/rate-limiter.js";
import { createAmazonConnector } from "../connectors/marketplaces/amazon/amazon.connector.js";
import { createShopifyConnector } from "../connectors/marketplaces/shopify/shopify.connector.js";
import type { MarketplaceConnector } from "../domain/ports.js";
import { syncChannel } from "../ingest/sync-channel.js";
import type { SyncProgress } from "../ingest/sync-channel.js";
import { connectMongo } from "../persistence/mongo-connection.js";
import { createAesGcmAddressCipher, parseAddressKey } from "../persistence/orders/address-cipher.js";
import { createOrderRepository } from "../persistence/orders/order.repository.js";
import { createQuarantineRepository } from "../persistence/orders/quarantine.repository.js";
import { createSyncCursorRepository } from "../persistence/orders/sync-cursor.repository.js";
import { createRedis } from "../shared/redis.js";

/** `backorder sync --channel ID [--once] [--since ISO]`: one channel's order sync with progress lines. */
interface SyncCliOptions {
  channel: string;
  once?: boolean;
  since?: string;
  configDir?: string;
  intervalSeconds: number;
}

/** The full loader when the whole config checks out; else just this channel's file, so one bad vendor file does not block a sync. */
const channelConfig = (dir: string, id: string): ChannelConfig => {
  try {
    const found = loadConfig(dir).channels.find((c) => c.id === id);
    if (found) return found;
  } catch (err) {
    process.stderr.write(`config: ${(err as Error).message.split("\n")[0]} — reading channels/${id}.yaml alone\n`);
  }
  const file = [".yaml", ".yml"].map((ext) => path.join(dir, "channels", `${id}${ext}`)).find((f) => existsSync(f));
  if (!file) throw new Error(`no channel "${id}" in ${path.join(dir, "channels")}`);
  return ChannelConfigSchema.parse(parse(readFileSync(file, "utf8")));
};

const line = (p: SyncProgress): string =>
  `${p.channel}: page ${p.pages} created ${p.counts.created} updated ${p.counts.updated} unchanged ${p.counts.unchanged} stale ${p.counts.stale} quarantined ${p.counts.rejected}${p.done ? ` done, watermark ${p.watermark ?? "-"}` : ""}\n`;

export const registerSyncCommand = (program: Command): void => {
  program
    .command("sync")
    .description("pull one channel's orders into MongoDB (resumes where the last run stopped)")
    .requiredOption("--channel <id>", "channel id (config/channels/<id>.yaml)")
    .option("--once", "run one sync and exit")
    .option("--since <iso>", "start from this instant instead of the stored watermark")
    .option("--config-dir <dir>", "configuration folder (default $BACKORDER_CONFIG_DIR or ./config)")
    .option("--interval-seconds <n>", "pause between runs without --once", (v) => Number(v), 60)
    .action(async (opts: SyncCliOptions) => {
      const env = EnvSchema.parse(process.env);
      if (opts.since !== undefined && Number.isNaN(Date.parse(opts.since))) program.error(`--since: not an ISO instant: ${opts.since}`);
      if (!env.BACKORDER_ADDRESS_KEY) program.error("BACKORDER_ADDRESS_KEY is not set: addresses are stored encrypted (make one with: openssl rand -base64 32)");
      const cfg = channelConfig(opts.configDir ?? env.BACKORDER_CONFIG_DIR, opts.channel);
      const conn = await connectMongo(env.MONGODB_URI, env.MONGODB_DB);
      const redis = createRedis(env.REDIS_URL);
      try {
        const orders = createOrderRepository(conn, createAesGcmAddressCipher(parseAddressKey(env.BACKORDER_ADDRESS_KEY as string)));
        await orders.ensureIndexes();
        const connector: MarketplaceConnector = cfg.kind === "shopify" ? createShopifyConnector(cfg) : createAmazonConnector(cfg, { limiter: createRedisRateLimiter(redis) });
        const deps = { connector, orders, cursors: createSyncCursorRepository(conn), quarantine: createQuarantineRepository(conn) };
        const stop = new AbortController();
        process.once("SIGINT", () => stop.abort(new Error("interrupted")));
        for (let first = true; first || !opts.once; first = false) {
          if (!first) await new Promise((r) => setTimeout(r, opts.intervalSeconds * 1000));
          if (stop.signal.aborted) break;
          await syncChannel(deps, { ...(first && opts.since !== undefined && { since: opts.since }), signal: stop.signal, onPage: (p) => process.stdout.write(line(p)) });
        }
      } finally {
        await conn.close();
        redis.disconnect();
      }
    });
};
