import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import type { Router } from "express";

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]["serverAdapter"];

export const BULL_BOARD_PATH = "/admin/queues";

/**
 * The board's own router (pages, /static assets and its JSON API under /api). It has no auth of its
 * own (https://github.com/felixmosh/bull-board/issues/157): the HTTP server mounts it only behind
 * the admin auth and CSRF middleware.
 */
export const createBoardRouter = (queues: readonly Queue[], basePath = BULL_BOARD_PATH): Router => {
  const expressAdapter = new ExpressAdapter();
  expressAdapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    // @bull-board/express 9.10.1 (latest published) types itself against its own nested copy of
    // @bull-board/api 9.10.1, whose BaseAdapter has private fields, so TypeScript rejects the
    // structurally identical 9.10.2 one. At run time the adapter imports nothing from the api package.
    serverAdapter: expressAdapter as unknown as BoardServerAdapter,
    options: { uiConfig: { boardTitle: "backorder-worker queues" } },
  });
  return expressAdapter.getRouter() as Router;
};
