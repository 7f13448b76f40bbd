import { connect } from "node:net";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { Router } from "express";
import { afterAll, describe, expect, it } from "vitest";
import { rawBodyOf } from "../../../src/server/body-limit.js";
import { createHttpServer, type RunningServer } from "../../../src/server/http-server.js";
import { basic, isolatedQueues } from "./server-helpers.js";

/** A stand-in for the webhook router: it answers with the digest of the exact bytes it received. */
const echoRouter = (): Router => {
  const router = Router({ mergeParams: true });
  router.post("/", (req, res) => {
    const body = rawBodyOf(req);
    const params = req.params as Record<string, string>;
    res.json({ channel: params.channel, bytes: body.length, sha256: createHash("sha256").update(body).digest("hex") });
  });
  return router;
};

describe("health, readiness, admin-off mode and body limits", () => {
  const env = isolatedQueues("server-health");
  const servers: RunningServer[] = [];
  const start = async (deps: Partial<Parameters<typeof createHttpServer>[0]> = {}): Promise<RunningServer> => {
    const s = await createHttpServer({ adminCredentials: null, allowUnauthenticatedAdmin: false, queues: [], ...deps }).listen();
    servers.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of servers) await s.close();
    await env.cleanup();
  });

  it("with no credentials configured, admin routes answer 503 naming the variable, and /healthz still works", async () => {
    const s = await start({ queues: [env.queue("po.push")] });
    for (const path of ["/admin/queues", "/admin/queues/api/queues", "/metrics"]) {
      const res = await fetch(s.url + path, { headers: { authorization: basic("ops", "anything-at-all") } });
      expect(res.status, path).toBe(503);
      expect(((await res.json()) as { error: string }).error).toContain("BACKORDER_ADMIN_CREDENTIALS=user:password");
    }
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
  });

  it("opens the board without credentials only when explicitly allowed", async () => {
    const s = await start({ allowUnauthenticatedAdmin: true, queues: [env.queue("po.push")] });
    expect((await fetch(`${s.url}/admin/queues/api/queues`)).status).toBe(200);
  });

  it("is ready when every check passes, and names the failing and hung checks with 503", async () => {
    const ok = await start({ checks: [{ name: "redis", check: async () => void (await env.redis.ping()) }] });
    const ready = await fetch(`${ok.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { ok: boolean }).ok).toBe(true);

    const bad = await start({
      checkTimeoutMs: 300,
      checks: [
        { name: "redis", check: async () => void (await env.redis.ping()) },
        { name: "mongo", check: async () => Promise.reject(new Error("connection refused to secret-host")) },
        { name: "slow", check: () => new Promise<void>(() => undefined) },
      ],
    });
    const started = Date.now();
    const res = await fetch(`${bad.url}/readyz`);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).not.toContain("secret-host");
    const body = JSON.parse(text) as { ok: boolean; failed: { name: string; reason: string }[] };
    expect(body.ok).toBe(false);
    expect(body.failed).toEqual([{ name: "mongo", reason: "error" }, { name: "slow", reason: "timeout" }]);
  });

  it("gives a mounted router the raw bytes and answers 413 past maxBodyBytes, with or without Content-Length", async () => {
    const s = await start({ maxBodyBytes: 1_024, mount: [{ path: "/webhooks/shopify/:channel", router: echoRouter() }] });
    const payload = '{ "id": 1,  "note": "spacing kept" }';
    const res = await fetch(`${s.url}/webhooks/shopify/shopify-main`, {
      method: "POST", headers: { "content-type": "application/json" }, body: payload,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      channel: "shopify-main", bytes: payload.length, sha256: createHash("sha256").update(payload).digest("hex"),
    });

    const big = await fetch(`${s.url}/webhooks/shopify/shopify-main`, {
      method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(1_025),
    });
    expect(big.status).toBe(413);

    const chunked = Readable.toWeb(Readable.from([Buffer.alloc(700, 97), Buffer.alloc(700, 98)])) as ReadableStream;
    const streamed = await fetch(`${s.url}/webhooks/shopify/shopify-main`, {
      method: "POST", headers: { "content-type": "application/json" }, body: chunked, duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it("answers a declared length over the limit at once and closes the connection, without reading the body", async () => {
    const s = await start({ maxBodyBytes: 1_024, mount: [{ path: "/webhooks/shopify/:channel", router: echoRouter() }] });
    const { port } = new URL(s.url);
    const started = Date.now();
    const reply = await new Promise<{ text: string; closed: boolean }>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        // Declares 100 GB and sends one byte: the answer must not wait for the rest.
        socket.write("POST /webhooks/shopify/shopify-main HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\nx");
      });
      let text = "";
      socket.on("data", (d) => (text += d.toString("utf8")));
      socket.on("close", () => resolve({ text, closed: true }));
      socket.on("error", reject);
      setTimeout(() => resolve({ text, closed: false }), 5_000);
    });
    expect(reply.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply.closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
