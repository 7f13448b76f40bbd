import type { Command } from "commander";
import { EnvSchema, type Env } from "../config/env.schema.js";
import { ConfigError, problemsFromZod } from "../config/problems.js";
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
import { assertRedisReachable, createOneShotRedis, createRedis } from "../shared/redis.js";
import { channelConfig } from "./ops/channel-config.js";
import { UsageError } from "./ops/cli-errors.js";
import { wholeNumber } from "./ops/option-parsers.js";
import { parseSince } from "./ops/since.js";

/** `backorder sync --channel ID [--once] [--since ISO]`: one channel's order sync with progress lines. Failures are reported by runCli. */
interface SyncCliOptions {
  channel: string;
  once?: boolean;
  since?: string;
  configDir?: string;
  intervalSeconds: number;
}

const readEnv = (raw: NodeJS.ProcessEnv): Env => {
  const r = EnvSchema.safeParse(raw);
  if (!r.success) throw new ConfigError(problemsFromZod("environment", r.error.issues, raw));
  return r.data;
};

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

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
    .option("--interval-seconds <n>", "pause between runs without --once", wholeNumber, 60)
    .action(async (opts: SyncCliOptions) => {
      const since = opts.since === undefined ? undefined : parseSince(opts.since);
      const env = readEnv(process.env);
      if (!env.BACKORDER_ADDRESS_KEY) throw new UsageError("BACKORDER_ADDRESS_KEY is not set: addresses are stored encrypted (make one with: openssl rand -base64 32)", false);
      const cfg = channelConfig(opts.configDir ?? env.BACKORDER_CONFIG_DIR, opts.channel);
      const conn = await connectMongo(env.MONGODB_URI, env.MONGODB_DB, { serverSelectionTimeoutMS: 5_000 });
      // --once gives up on Redis like any one-shot command; a continuous sync rides out a restart.
      const redis = (opts.once ? createOneShotRedis : createRedis)(env.REDIS_URL);
      try {
        await assertRedisReachable(redis, env.REDIS_URL);
        const orders = createOrderRepository(conn, createAesGcmAddressCipher(parseAddressKey(env.BACKORDER_ADDRESS_KEY as string)));
        await orders.ensureIndexes();
        const connector: MarketplaceConnector = cfg.kind === "shopify" ? createShopifyConnector(cfg) : createAmazonConnector(cfg, { limiter: createRedisRateLimiter(redis) });
        const deps = { connector, orders, cursors: createSyncCursorRepository(conn), quarantine: createQuarantineRepository(conn) };
        const stop = new AbortController();
        process.once("SIGINT", () => stop.abort(new Error("interrupted")));
        for (let first = true; first || !opts.once; first = false) {
          if (!first) await pause(opts.intervalSeconds * 1000, stop.signal);
          if (stop.signal.aborted) break;
          try {
            await syncChannel(deps, { ...(first && since !== undefined && { since }), signal: stop.signal, onPage: (p) => process.stdout.write(line(p)) });
          } catch (err) {
            // Ctrl-C is how a continuous sync is stopped, not a failure; the next run resumes at the last saved page.
            if (!stop.signal.aborted) throw err;
          }
        }
      } finally {
        await conn.close();
        redis.disconnect();
      }
    });
};
