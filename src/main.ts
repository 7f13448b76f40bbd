import { Router } from "express";
import type { ZodType, ZodTypeDef } from "zod";
import type { Connection } from "mongoose";
import type { Logger } from "pino";
import { loadConfig, type LoadedConfig } from "./config/load-config.js";
import { EnvSchema, type Env } from "./config/env.schema.js";
import { readSecret, secretReferences } from "./config/secrets.js";
import type { VendorConfig } from "./config/vendor.schema.js";
import type { DocumentContext } from "./connectors/documents/document-context.js";
import { createShopifyConnector } from "./connectors/marketplaces/shopify/shopify.connector.js";
import { createEmailTransport } from "./connectors/suppliers/email/email.transport.js";
import { createHttpTransport } from "./connectors/suppliers/http/http.transport.js";
import { createSftpTransport } from "./connectors/suppliers/sftp/sftp.transport.js";
import type { MarketplaceConnector, SupplierTransport } from "./domain/ports.js";
import { Queues, ingestQueue, jobIdOf } from "./jobs/queue-names.js";
import { ChannelSyncPayloadSchema, EvaluatePayloadSchema, InboundPayloadSchema, PushPayloadSchema } from "./jobs/payloads.js";
import { createQueueRuntime, type QueueRuntime } from "./jobs/runtime.js";
import { syncSchedules } from "./jobs/schedules.js";
import { evaluateJob } from "./jobs/evaluate.job.js";
import { batchJob } from "./jobs/batch.job.js";
import { pushJob } from "./jobs/push.job.js";
import { inboundJob } from "./jobs/inbound.job.js";
import { channelSyncJob } from "./jobs/channel-sync.job.js";
import { maintenanceJob } from "./jobs/maintenance.job.js";
import { ingestJob, storeOrder } from "./jobs/ingest.job.js";
import { acceptShopifyWebhook } from "./ingest/accept-shopify-webhook.js";
import type { PipelineDeps } from "./jobs/steps/pipeline-deps.js";
import { connectMongo } from "./persistence/mongo-connection.js";
import { createAesGcmAddressCipher, parseAddressKey } from "./persistence/orders/address-cipher.js";
import { createOrderRepository } from "./persistence/orders/order.repository.js";
import { createQuarantineRepository } from "./persistence/orders/quarantine.repository.js";
import { createSyncCursorRepository } from "./persistence/orders/sync-cursor.repository.js";
import { createWebhookReceiptRepository } from "./persistence/orders/webhook-receipt.repository.js";
import { createBackorderRepository } from "./persistence/pipeline/backorder.repository.js";
import { createEvaluationRepository } from "./persistence/pipeline/evaluation.repository.js";
import { createEventRepository } from "./persistence/pipeline/event.repository.js";
import { createOfferRepository } from "./persistence/pipeline/offer.repository.js";
import { purgeOrderAddresses } from "./persistence/pipeline/personal-data.js";
import { createPurchaseOrderRepository } from "./persistence/pipeline/purchase-order.repository.js";
import { createStockRepository } from "./persistence/pipeline/stock.repository.js";
import { createLeaseRepository } from "./persistence/pipeline/lease.repository.js";
import { createSupplierEventRepository } from "./persistence/pipeline/supplier-event.repository.js";
import { createDeliveryLogRepository } from "./persistence/suppliers/delivery-log.repository.js";
import { createX12ControlNumberRepository } from "./persistence/suppliers/x12-control-number.repository.js";
import { createHttpServer, type RunningServer } from "./server/http-server.js";
import { parseCredentialsSetting } from "./server/admin-auth.js";
import { createSupplierCallbackRouter } from "./server/supplier-callback.router.js";
import { pipelineMetrics } from "./server/pipeline-metrics.js";
import { createShopifyWebhookRouter } from "./ingest/shopify-webhook.router.js";
import { PermanentError } from "./shared/errors.js";
import { pollSftpOutbound } from "./connectors/suppliers/sftp/sftp-outbound.poller.js";
import { sftpPollStep } from "./jobs/steps/sftp-poll.step.js";
import { createLogger } from "./shared/logger.js";
import { assertRedisReachable, checkEvictionPolicy, createOneShotRedis, createRedis } from "./shared/redis.js";
import { createAmazonConnector } from "./connectors/marketplaces/amazon/amazon.connector.js";
import { createRedisRateLimiter } from "./connectors/http/rate-limiter.js";

export type Role = "server" | "worker" | "scheduler";

export interface Service {
  deps: PipelineDeps;
  runtime: QueueRuntime;
  server: RunningServer | null;
  conn: Connection;
  stop(): Promise<void>;
}

export interface StartOptions {
  roles: Role[];
  configDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Override the server port (0 picks a free one). */
  port?: number;
  logger?: Logger;
}

/** Every secret value the configuration refers to, so the logger can mask it wherever it appears. */
const secretValues = (config: LoadedConfig, env: NodeJS.ProcessEnv): string[] =>
  [...secretReferences(config).map((r) => env[r.env]), env.BACKORDER_ADMIN_CREDENTIALS?.split(":").slice(1).join(":"), env.BACKORDER_ADDRESS_KEY].filter(
    (v): v is string => typeof v === "string" && v.length > 0,
  );

const need = (env: NodeJS.ProcessEnv, name: string | undefined, owner: string): string => {
  const v = name ? readSecret(env, name) : undefined;
  if (!v) throw new PermanentError("CONFIG.SECRET_MISSING", `${owner}: environment variable ${name} is not set`);
  return v;
};

const documentContext = (config: LoadedConfig, vendor: VendorConfig): DocumentContext => ({
  buyer: { name: config.app.buyer.name, id: config.app.buyer.id, address: config.app.buyer.address },
  vendorName: vendor.name,
  warehouses: config.app.warehouses,
});

const buildTransport = (config: LoadedConfig, env: NodeJS.ProcessEnv, conn: Connection, vendor: VendorConfig): SupplierTransport => {
  const t = vendor.transport;
  const context = documentContext(config, vendor);
  const owner = `vendor ${vendor.id}`;
  switch (t.kind) {
    case "http":
      return createHttpTransport({ url: t.url, signingSecret: need(env, t.signingSecretEnv, owner), timeoutMs: t.timeoutMs, maxConcurrent: t.maxConcurrent, context });
    case "email":
      return createEmailTransport({
        host: t.host, port: t.port, secure: t.secure, requireTls: t.requireTls, from: t.from, to: t.to, attachCsv: t.attachCsv, context,
        auth: t.userEnv ? { user: need(env, t.userEnv, owner), pass: need(env, t.passwordEnv, owner) } : undefined,
        tlsRejectUnauthorized: !t.allowSelfSigned, deliveryLog: createDeliveryLogRepository(conn),
      });
    case "sftp":
      return createSftpTransport({
        host: t.host, port: t.port, username: t.username, inboundDir: t.inboundDir, alsoCsv: t.alsoCsv,
        password: t.passwordEnv ? need(env, t.passwordEnv, owner) : undefined, privateKey: t.privateKeyEnv ? need(env, t.privateKeyEnv, owner) : undefined,
        hostKeySha256: t.hostKeySha256, senderId: t.senderId, receiverId: t.receiverId, qualifier: t.qualifier, usage: t.usage, context,
        controlNumbers: createX12ControlNumberRepository(conn),
      });
  }
};

const buildConnector = (config: LoadedConfig, env: NodeJS.ProcessEnv, redis: ReturnType<typeof createRedis>, channel: string): MarketplaceConnector | undefined => {
  const c = config.channels.find((x) => x.id === channel && x.enabled);
  if (!c) return undefined;
  return c.kind === "shopify" ? createShopifyConnector(c, { env }) : createAmazonConnector(c, { env, limiter: createRedisRateLimiter(redis) });
};

export interface CoreOptions {
  configDir?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  logger?: Logger | undefined;
  /**
   * A CLI command, not the service: Redis and MongoDB must answer within seconds (else
   * REDIS.UNREACHABLE / MONGODB.UNREACHABLE) and Redis reconnects stop after a few attempts. The
   * service waits for them and reconnects forever, so its workers outlive a Redis restart.
   */
  oneShot?: boolean | undefined;
}

/**
 * The composition root: builds every adapter once. `startService` adds workers, the scheduler
 * and the server; CLI commands use the core alone (stores and queues, no workers).
 */
export const openCore = async (opts: CoreOptions = {}) => {
  const rawEnv = opts.env ?? process.env;
  const env: Env = EnvSchema.parse(rawEnv);
  const config = loadConfig(opts.configDir ?? env.BACKORDER_CONFIG_DIR);
  const log = opts.logger ?? createLogger({ level: env.LOG_LEVEL ?? config.app.log.level, secrets: secretValues(config, rawEnv) });
  if (!env.BACKORDER_ADDRESS_KEY) throw new PermanentError("CONFIG.SECRET_MISSING", "BACKORDER_ADDRESS_KEY is not set (32 bytes, base64: openssl rand -base64 32); customer addresses are encrypted with it");
  const cipher = createAesGcmAddressCipher(parseAddressKey(env.BACKORDER_ADDRESS_KEY));
  const conn = await connectMongo(env.MONGODB_URI, env.MONGODB_DB, opts.oneShot ? { serverSelectionTimeoutMS: 5_000 } : {});
  const connectRedis = opts.oneShot ? createOneShotRedis : createRedis;
  const redis = connectRedis(env.REDIS_URL);
  if (opts.oneShot) {
    await assertRedisReachable(redis, env.REDIS_URL).catch(async (err: unknown) => {
      redis.disconnect();
      await conn.close();
      throw err;
    });
  }
  const eviction = await checkEvictionPolicy(redis);
  if (eviction) throw new PermanentError("CONFIG.REDIS_EVICTION", eviction);
  const lockMs = Number(rawEnv.BACKORDER_LOCK_DURATION_MS ?? "");
  const runtime = createQueueRuntime({ connection: () => connectRedis(env.REDIS_URL), app: config.app, log, lockDurationMs: Number.isInteger(lockMs) && lockMs >= 1_000 ? lockMs : undefined });
  const connectors = new Map<string, MarketplaceConnector | undefined>();
  const transports = new Map<string, SupplierTransport>();
  const add = <P>(queue: string, schema: ZodType<P, ZodTypeDef, unknown>, id: (p: P) => string) => async (p: P) => {
    const parsed = schema.parse(p);
    const q = runtime.queue(queue);
    const job = await q.add(queue, parsed, { jobId: id(parsed) });
    // BullMQ ignores an add whose id is taken, also by a job that failed for good (e.g. "stalled
    // more than allowable limit" after repeated worker crashes): the reconciler's re-enqueue would
    // then never run the work again (field report C10). Such a job is retried instead.
    if (await job.isFailed()) await job.retry("failed").catch(() => undefined);
  };
  const supplierEvents = createSupplierEventRepository(conn);
  const enqueueInbound = add(Queues.inbound, InboundPayloadSchema, (p) => jobIdOf("inbound", p.eventId));
  const deps: PipelineDeps = {
    config, redis, log, now: () => new Date(),
    orders: createOrderRepository(conn, cipher),
    evaluations: createEvaluationRepository(conn),
    stock: createStockRepository(conn),
    backorders: createBackorderRepository(conn),
    purchaseOrders: createPurchaseOrderRepository(conn, cipher),
    offers: createOfferRepository(conn),
    events: createEventRepository(conn),
    supplierEvents,
    leases: createLeaseRepository(conn),
    connector: (channel) => {
      if (!connectors.has(channel)) connectors.set(channel, buildConnector(config, rawEnv, redis, channel));
      return connectors.get(channel);
    },
    transport: (vendor) => {
      const cfg = config.vendors.find((v) => v.id === vendor);
      if (!cfg) throw new PermanentError("PUSH.UNKNOWN_VENDOR", `vendor ${vendor} is not configured`);
      if (!transports.has(vendor)) transports.set(vendor, buildTransport(config, rawEnv, conn, cfg));
      return transports.get(vendor) as SupplierTransport;
    },
    next: {
      evaluate: add(Queues.evaluate, EvaluatePayloadSchema.extend({ force: EvaluatePayloadSchema.shape.channel.optional() }), (p) =>
        jobIdOf("eval", p.channel, p.externalId, `v${p.version}`, ...(p.force ? [p.force] : []))),
      push: add(Queues.push, PushPayloadSchema, (p) => jobIdOf("push", p.poNumber)),
      channelSync: add(Queues.channelSync, ChannelSyncPayloadSchema, (p) => jobIdOf("sync", p.channel, p.externalId, p.holdSeq)),
    },
  };
  const quarantine = createQuarantineRepository(conn);
  const receipts = createWebhookReceiptRepository(conn);
  const cursors = createSyncCursorRepository(conn);
  for (const c of config.channels.filter((x) => x.enabled)) runtime.queue(ingestQueue(c.id));
  for (const q of Object.values(Queues)) runtime.queue(q);
  const close = async (): Promise<void> => {
    await runtime.close(20_000);
    await conn.close();
    redis.disconnect();
  };
  return { env, rawEnv, config, log, conn, redis, runtime, deps, quarantine, receipts, cursors, enqueueInbound, close };
};

export type Core = Awaited<ReturnType<typeof openCore>>;

/** A vendor's SFTP outbound folder, read with the same connection settings as its transport. */
const pollVendorSftp = async (deps: PipelineDeps, env: NodeJS.ProcessEnv, vendorId: string, enqueue: (p: { eventId: string }) => Promise<void>): Promise<number> => {
  const vendor = deps.config.vendors.find((v) => v.id === vendorId);
  const t = vendor?.transport;
  if (!vendor || t?.kind !== "sftp") throw new PermanentError("SFTP.NOT_CONFIGURED", `vendor ${vendorId} has no SFTP transport`);
  const owner = `vendor ${vendorId}`;
  const opts = {
    host: t.host, port: t.port, username: t.username, hostKeySha256: t.hostKeySha256, outboundDir: t.outboundDir,
    password: t.passwordEnv ? need(env, t.passwordEnv, owner) : undefined, privateKey: t.privateKeyEnv ? need(env, t.privateKeyEnv, owner) : undefined,
  };
  return sftpPollStep(deps, vendorId, pollSftpOutbound, opts, (eventId) => enqueue({ eventId }));
};

/** The webhook router declares its full path; mounted under that path it needs to see it again. */
const underPrefix = (prefix: string, router: Router): Router =>
  Router().use((req, _res, next) => {
    req.url = `${prefix}${req.url}`;
    next();
  }, router);

/** Starts the roles asked for on top of the core. */
export const startService = async (opts: StartOptions): Promise<Service> => {
  const core = await openCore(opts);
  const { env, rawEnv, config, log, conn, redis, runtime, deps, quarantine, receipts, cursors, enqueueInbound } = core;

  if (opts.roles.includes("worker")) {
    for (const c of config.channels.filter((x) => x.enabled)) {
      runtime.startWorker(ingestJob(deps, { channel: c.id, cursors, quarantine }));
    }
    runtime.startWorker(evaluateJob(deps));
    runtime.startWorker(batchJob(deps));
    runtime.startWorker(pushJob(deps));
    runtime.startWorker(inboundJob(deps));
    runtime.startWorker(channelSyncJob(deps));
    runtime.startWorker(maintenanceJob(deps, { inbound: (eventId) => enqueueInbound({ eventId }), sftpPoll: (vendor) => pollVendorSftp(deps, rawEnv, vendor, enqueueInbound), purgeOrders: (before) => purgeOrderAddresses(conn, deps.evaluations, before) }));
  }
  if (opts.roles.includes("scheduler")) await syncSchedules(config, runtime.queue, log, deps.now());

  let server: RunningServer | null = null;
  if (opts.roles.includes("server")) {
    const shopifyChannels = config.channels.filter((c) => c.kind === "shopify" && c.enabled);
    const webhooks = createShopifyWebhookRouter({
      receipts,
      secretFor: (channel: string) => {
        const c = shopifyChannels.find((x) => x.id === channel);
        return c && c.kind === "shopify" ? readSecret(rawEnv, c.webhookSecretEnv) : undefined;
      },
      onEvent: async (e) => {
        await acceptShopifyWebhook(
          {
            store: (order) => storeOrder(deps, order),
            fetchLater: (channel, externalId) =>
              runtime.queue(ingestQueue(channel)).add("fetch", { kind: "fetch", channel, externalId }, { jobId: jobIdOf("fetch", channel, externalId, e.webhookId) }).then(() => undefined),
            quarantine,
          },
          e,
        );
      },
    });
    const callbacks = createSupplierCallbackRouter({
      config, env: rawEnv, supplierEvents: deps.supplierEvents, now: deps.now, enqueue: enqueueInbound, log,
      poVendor: async (poNumber) => (await deps.purchaseOrders.get(poNumber))?.vendor ?? null,
    });
    server = await createHttpServer({
      host: config.app.server.host,
      port: opts.port ?? config.app.server.port,
      maxBodyBytes: config.app.server.maxBodyBytes,
      adminCredentials: parseCredentialsSetting(env.BACKORDER_ADMIN_CREDENTIALS),
      allowUnauthenticatedAdmin: config.app.server.allowUnauthenticatedAdmin,
      queues: runtime.queues(),
      mount: [
        { path: "/webhooks/shopify", router: underPrefix("/webhooks/shopify", webhooks) },
        { path: "/callbacks/suppliers", router: callbacks },
      ],
      checks: [
        { name: "redis", check: async () => void (await redis.ping()) },
        { name: "mongodb", check: async () => void (await conn.db?.admin().ping()) },
      ],
      metrics: pipelineMetrics(conn),
      logger: log,
    }).listen();
    log.info({ url: server.url }, "http server listening");
  }
  const stop = async (): Promise<void> => {
    await server?.close();
    await core.close();
  };
  return { deps, runtime, server, conn, stop };
};
