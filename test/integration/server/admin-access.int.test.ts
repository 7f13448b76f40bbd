// Guards against field report C30: Bull Board and its action API reachable without authentication.
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type RunningServer } from "../../../src/server/http-server.js";
import { addFailedJob, basic, isolatedQueues } from "./server-helpers.js";

const ADMIN = { user: "ops", password: "correct-horse-battery" };
const READER = { user: "viewer", password: "read-only-password" };
const asAdmin = { authorization: basic(ADMIN.user, ADMIN.password) };
const asReader = { authorization: basic(READER.user, READER.password) };

describe("admin routes behind Basic auth, with a read-only role and CSRF guard", () => {
  const env = isolatedQueues("server-admin");
  const responses: Response[] = [];
  let server: RunningServer;
  let queue: Queue;
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(server.url + path, init);
    responses.push(res);
    return res;
  };
  const retryPath = (jobId: string): string => `/admin/queues/api/queues/po.push/${jobId}/retry`;

  beforeAll(async () => {
    queue = env.queue("po.push");
    await addFailedJob(env, queue, "po-0001");
    await addFailedJob(env, queue, "po-0002");
    server = await createHttpServer({
      port: 0,
      adminCredentials: ADMIN,
      readOnlyCredentials: READER,
      allowUnauthenticatedAdmin: false,
      queues: [queue, env.queue("orders.evaluate")],
    }).listen();
  });
  afterAll(async () => {
    await server.close();
    await env.cleanup();
  });

  it("answers 401 with a Basic challenge to anyone without credentials, on pages, assets and the API", async () => {
    const paths = ["/admin/queues", "/admin/queues/", "/admin/queues/queue/po.push", "/admin/queues/api/queues",
      "/admin/queues/static/favicon-32x32.png", "/admin/queues/static/images/logo.svg", "/metrics",
      // Express matches paths case-insensitively, so the guard must too.
      "/ADMIN/Queues/api/queues", "/admin//queues/api/queues", "/Metrics"];
    for (const path of paths) {
      const res = await call(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get("www-authenticate"), path).toMatch(/^Basic realm="/);
    }
    const retry = await call(retryPath("po-0001"), { method: "PUT", headers: { "x-requested-with": "XMLHttpRequest" } });
    expect(retry.status).toBe(401);
    expect(await queue.getJobState("po-0001")).toBe("failed");
  });

  it("refuses a wrong password of the same length and a wrong user", async () => {
    const samelength = "correct-horse-batterY";
    expect(samelength.length).toBe(ADMIN.password.length);
    expect((await call("/admin/queues/api/queues", { headers: { authorization: basic("ops", samelength) } })).status).toBe(401);
    expect((await call("/admin/queues/api/queues", { headers: { authorization: basic("opz", ADMIN.password) } })).status).toBe(401);
  });

  it("lets a read-only operator look but not retry or clean", async () => {
    expect((await call("/admin/queues", { headers: asReader })).status).toBe(200);
    const list = await call("/admin/queues/api/queues?activeQueue=po.push&status=failed", { headers: asReader });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.find((q) => q.name === "po.push")?.counts.failed).toBe(2);
    expect((await call("/metrics", { headers: asReader })).status).toBe(200);
    const headers = { ...asReader, "x-requested-with": "XMLHttpRequest" };
    expect((await call(retryPath("po-0001"), { method: "PUT", headers })).status).toBe(403);
    expect((await call("/admin/queues/api/queues/po.push/clean/failed", { method: "PUT", headers })).status).toBe(403);
    expect((await call("/admin/queues/api/queues/po.push/retry/failed", { method: "PUT", headers })).status).toBe(403);
    expect(await queue.getJobCounts("failed")).toEqual({ failed: 2 });
  });

  it("lets the admin in, but only with proof that a mutating call is not cross-site", async () => {
    expect((await call("/admin/queues", { headers: asAdmin })).status).toBe(200);
    expect((await call("/admin/queues/api/queues", { headers: asAdmin })).status).toBe(200);
    const bare = await call(retryPath("po-0001"), { method: "PUT", headers: asAdmin });
    expect(bare.status).toBe(403);
    const evil = { ...asAdmin, origin: "http://evil.example", "x-requested-with": "XMLHttpRequest" };
    expect((await call(retryPath("po-0001"), { method: "PUT", headers: evil })).status).toBe(403);
    expect(await queue.getJobState("po-0001")).toBe("failed");

    const sameOrigin = { ...asAdmin, origin: server.url };
    expect((await call(retryPath("po-0001"), { method: "PUT", headers: sameOrigin })).status).toBe(204);
    expect(await queue.getJobState("po-0001")).toBe("waiting");
    const scripted = { ...asAdmin, "x-requested-with": "XMLHttpRequest" };
    expect((await call(retryPath("po-0002"), { method: "PUT", headers: scripted })).status).toBe(204);
    expect(await queue.getJobState("po-0002")).toBe("waiting");
  });

  it("serves the board's static assets to the admin once authenticated", async () => {
    const html = await (await call("/admin/queues", { headers: asAdmin })).text();
    const css = /href="(static\/css\/[^"]+\.css)"/.exec(html)?.[1];
    expect(css).toBeDefined();
    const res = await call(`/admin/queues/${css}`, { headers: asAdmin });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/css/);
  });

  it("never sends CORS headers, and always sends the security headers", async () => {
    const preflight = await call(retryPath("po-0001"), {
      method: "OPTIONS",
      headers: { origin: "http://evil.example", "access-control-request-method": "PUT" },
    });
    expect(preflight.status).toBe(401);
    expect(responses.length).toBeGreaterThan(15);
    for (const res of responses) {
      expect(res.headers.get("access-control-allow-origin"), res.url).toBeNull();
      expect(res.headers.get("access-control-allow-credentials"), res.url).toBeNull();
      expect(res.headers.get("x-content-type-options"), res.url).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), res.url).toBe("DENY");
    }
    const page = await call("/admin/queues", { headers: asAdmin });
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("cache-control")).toBe("no-store");
  });
});
