import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Queue } from "bullmq";
import express from "express";
import type { Express, RequestHandler, Router } from "express";
import { ADMIN_DISABLED_MESSAGE, adminAuth, adminRoutesEnabled, type Credentials } from "./admin-auth.js";
import { errorHandler, rawBodyLimit } from "./body-limit.js";
import { BULL_BOARD_PATH, createBoardRouter } from "./bull-board.js";
import { csrfGuard } from "./csrf-guard.js";
import { healthRoutes, type ReadinessCheck } from "./health.routes.js";
import { metricsRoutes } from "./metrics.routes.js";
import type { MetricSample } from "./prometheus-format.js";
import { adminHeaders, securityHeaders } from "./security-headers.js";

/**
 * A router another module owns (Shopify webhooks, supplier callbacks). It receives the exact request
 * bytes as a Buffer (`rawBodyOf(req)` from ./body-limit.js), already limited to maxBodyBytes; no JSON
 * parser runs first, so HMACs can be checked over the raw body. A path with parameters
 * (`/webhooks/shopify/:channel`) needs `Router({ mergeParams: true })` to see them.
 */
export type MountedRouter = { path: string; router: Router };
export type HttpLogger = {
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

export type HttpServerDeps = {
  host?: string;
  port?: number;
  maxBodyBytes?: number;
  adminCredentials: Credentials | null;
  readOnlyCredentials?: Credentials | null;
  allowUnauthenticatedAdmin: boolean;
  /** Extra origins trusted for mutating admin calls (a reverse proxy's public origin). */
  allowedOrigins?: readonly string[];
  queues: readonly Queue[];
  mount?: readonly MountedRouter[];
  checks?: readonly ReadinessCheck[];
  checkTimeoutMs?: number;
  metrics?: () => Promise<MetricSample[]>;
  logger?: HttpLogger;
};

export type RunningServer = { url: string; port: number; close: () => Promise<void> };
export type HttpServer = { app: Express; listen: () => Promise<RunningServer> };

const ADMIN_PATHS = ["/admin", "/metrics"];

const adminDisabled: RequestHandler = (_req, res) => {
  res.status(503).json({ error: ADMIN_DISABLED_MESSAGE });
};

/** Auth runs before the board and covers every sub-path: pages, /static assets and the JSON API (C30). */
const mountAdmin = (app: Express, deps: HttpServerDeps): void => {
  if (!adminRoutesEnabled(deps)) {
    app.use(ADMIN_PATHS, adminDisabled);
    return;
  }
  app.use(ADMIN_PATHS, adminHeaders(), adminAuth(deps), csrfGuard({ allowedOrigins: deps.allowedOrigins }));
  app.use(metricsRoutes({ queues: deps.queues, metrics: deps.metrics ?? (async () => []), logger: deps.logger }));
  app.use(BULL_BOARD_PATH, createBoardRouter(deps.queues, BULL_BOARD_PATH));
};

/** Builds the service's one HTTP app; nothing listens until `listen()`. */
export const createHttpServer = (deps: HttpServerDeps): HttpServer => {
  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders());
  app.use(healthRoutes({ checks: deps.checks ?? [], checkTimeoutMs: deps.checkTimeoutMs ?? 2_000, logger: deps.logger }));
  const limit = rawBodyLimit(deps.maxBodyBytes ?? 1_048_576);
  for (const m of deps.mount ?? []) app.use(m.path, limit, m.router);
  mountAdmin(app, deps);
  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  app.use(errorHandler(deps.logger));
  return { app, listen: () => listenOn(app, deps.host ?? "127.0.0.1", deps.port ?? 0) };
};

const listenOn = (app: Express, host: string, port: number): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const server = createServer(app);
    // Webhooks and callbacks are small and quick: a client that trickles its request is cut off
    // after 30 s instead of Node's default 300 s.
    server.requestTimeout = 30_000;
    server.headersTimeout = 15_000;
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const bound = (server.address() as AddressInfo).port;
      const shownHost = host.includes(":") ? `[${host}]` : host;
      const close = (): Promise<void> =>
        new Promise((done, fail) => {
          server.close((err) => (err ? fail(err) : done()));
          // Keep-alive sockets would hold close() open until they time out.
          server.closeIdleConnections();
        });
      resolve({ url: `http://${shownHost}:${bound}`, port: bound, close });
    });
  });
