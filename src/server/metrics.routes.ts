import type { Queue } from "bullmq";
import { Router } from "express";
import type { HealthLogger } from "./health.routes.js";
import { PROMETHEUS_CONTENT_TYPE, formatPrometheus, type MetricSample } from "./prometheus-format.js";

export const QUEUE_STATES = ["waiting", "active", "delayed", "failed", "completed"] as const;

const QUEUE_JOBS_HELP = "Jobs in a BullMQ queue by state, read from Redis at scrape time.";
const QUEUE_UP_HELP = "1 when the queue's counts could be read at this scrape, 0 otherwise.";

/** One queue's counts; a queue whose Redis is down reports up=0 rather than failing the scrape. */
export const queueSamples = async (queue: Queue): Promise<MetricSample[]> => {
  const labels = { queue: queue.name };
  try {
    const counts = await queue.getJobCounts(...QUEUE_STATES);
    const samples: MetricSample[] = QUEUE_STATES.map((state) => ({
      name: "backorder_queue_jobs",
      type: "gauge",
      help: QUEUE_JOBS_HELP,
      labels: { ...labels, state },
      value: counts[state] ?? 0,
    }));
    return [...samples, { name: "backorder_queue_up", type: "gauge", help: QUEUE_UP_HELP, labels, value: 1 }];
  } catch {
    return [{ name: "backorder_queue_up", type: "gauge", help: QUEUE_UP_HELP, labels, value: 0 }];
  }
};

export type MetricsRoutesOptions = {
  queues: readonly Queue[];
  metrics: () => Promise<MetricSample[]>;
  logger?: HealthLogger;
};

const callbackSamples = async (o: MetricsRoutesOptions): Promise<MetricSample[]> => {
  const help = "1 when the service's own metrics could be collected at this scrape, 0 otherwise.";
  try {
    const own = await o.metrics();
    return [...own, { name: "backorder_metrics_collect_ok", type: "gauge", help, value: 1 }];
  } catch (err) {
    o.logger?.warn({ err }, "metrics callback failed");
    return [{ name: "backorder_metrics_collect_ok", type: "gauge", help, value: 0 }];
  }
};

/** GET /metrics in the Prometheus text format; the caller puts admin auth in front of it. */
export const metricsRoutes = (o: MetricsRoutesOptions): Router => {
  const router = Router();
  router.get("/metrics", async (_req, res) => {
    const [own, ...perQueue] = await Promise.all([callbackSamples(o), ...o.queues.map(queueSamples)]);
    const body = formatPrometheus([...(own ?? []), ...perQueue.flat()]);
    res.setHeader("Content-Type", PROMETHEUS_CONTENT_TYPE);
    res.setHeader("Cache-Control", "no-store");
    res.send(body);
  });
  return router;
};
