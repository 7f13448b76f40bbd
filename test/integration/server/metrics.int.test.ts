import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type RunningServer } from "../../../src/server/http-server.js";
import { PROMETHEUS_CONTENT_TYPE } from "../../../src/server/prometheus-format.js";
import { parsePrometheus } from "./prometheus-grammar.js";
import { addFailedJob, basic, isolatedQueues } from "./server-helpers.js";

const ADMIN = { user: "ops", password: "correct-horse-battery" };
const READER = { user: "viewer", password: "read-only-password" };

describe("/metrics in the Prometheus text format", () => {
  const env = isolatedQueues("server-metrics");
  let server: RunningServer;
  let failing = false;

  beforeAll(async () => {
    const push = env.queue("po.push");
    const evaluate = env.queue("orders.evaluate");
    const ingest = env.queue("ingest.shopify-main");
    await addFailedJob(env, push, "po-0001");
    await push.add("push", {}, { jobId: "po-0002" });
    await push.add("push", {}, { jobId: "po-0003", delay: 60_000 });
    for (let i = 0; i < 3; i += 1) await evaluate.add("evaluate", {}, { jobId: `order-${i}` });
    const metrics = async () => {
      if (failing) throw new Error("mongo down");
      return [
        { name: "backorder_lines_open", type: "gauge" as const, help: "Open backorder lines.", labels: { vendor: 'acme "east"\\1' }, value: 7 },
        { name: "backorder_pos_pushed_total", type: "counter" as const, value: 12 },
      ];
    };
    server = await createHttpServer({
      adminCredentials: ADMIN, readOnlyCredentials: READER, allowUnauthenticatedAdmin: false,
      queues: [push, evaluate, ingest], metrics,
    }).listen();
  });
  afterAll(async () => {
    await server.close();
    await env.cleanup();
  });

  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: basic(READER.user, READER.password) } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(PROMETHEUS_CONTENT_TYPE);
    return parsePrometheus(await res.text());
  };
  const value = (samples: Awaited<ReturnType<typeof scrape>>, name: string, labels: Record<string, string>) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

  it("needs credentials", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
  });

  it("parses line by line and shows each queue's counts and the service's own samples", async () => {
    const samples = await scrape();
    const jobs = (queue: string, state: string) => value(samples, "backorder_queue_jobs", { queue, state });
    expect([jobs("po.push", "failed"), jobs("po.push", "waiting"), jobs("po.push", "delayed")]).toEqual([1, 1, 1]);
    expect([jobs("po.push", "active"), jobs("po.push", "completed")]).toEqual([0, 0]);
    expect(jobs("orders.evaluate", "waiting")).toBe(3);
    expect(jobs("ingest.shopify-main", "waiting")).toBe(0);
    expect(value(samples, "backorder_queue_up", { queue: "po.push" })).toBe(1);
    expect(value(samples, "backorder_lines_open", { vendor: 'acme "east"\\1' })).toBe(7);
    expect(value(samples, "backorder_pos_pushed_total", {})).toBe(12);
    expect(value(samples, "backorder_metrics_collect_ok", {})).toBe(1);
  });

  it("still answers with queue counts when the service's own metrics fail", async () => {
    failing = true;
    const samples = await scrape();
    failing = false;
    expect(value(samples, "backorder_metrics_collect_ok", {})).toBe(0);
    expect(value(samples, "backorder_queue_jobs", { queue: "orders.evaluate", state: "waiting" })).toBe(3);
  });
});
