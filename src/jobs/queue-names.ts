/** Queue names of the pipeline (../shared/DESIGN.md, "Queues and processes"). */
export const Queues = {
  evaluate: "orders.evaluate",
  batch: "backorders.batch",
  push: "po.push",
  inbound: "po.inbound",
  channelSync: "channel.sync",
  maintenance: "maintenance",
} as const;

/** One ingest queue per channel, so a throttled Amazon never starves Shopify. */
export const ingestQueue = (channel: string): string => `ingest.${channel}`;

export type StageQueue = (typeof Queues)[keyof typeof Queues];

/**
 * BullMQ refuses ':' in custom job ids, and ids are how duplicates collapse, so every part is
 * made safe here and nowhere else.
 */
export const jobIdOf = (...parts: (string | number)[]): string =>
  parts.map((p) => String(p).replace(/[:\s]/g, "_")).join(".");
