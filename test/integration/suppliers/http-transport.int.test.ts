import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { parseSupplierCallback } from "../../../src/connectors/suppliers/http/callback.schemas.js";
import { createHttpTransport } from "../../../src/connectors/suppliers/http/http.transport.js";
import { SIGNATURE_HEADER, signBody, verifySupplierSignature } from "../../../src/connectors/suppliers/http/signature.js";
import type { SupplierEvent } from "../../../src/connectors/suppliers/events.js";
import type { HttpSupplierPeer } from "../../../src/emulators/supplier/http-supplier.peer.js";
import { startHttpSupplierPeer } from "../../../src/emulators/supplier/http-supplier.peer.js";
import { PermanentError, RateLimitedError, TransientError } from "../../../src/shared/errors.js";
import { olistPurchaseOrders } from "../../fixtures/suppliers/olist-pos.js";
import { sampleContext, samplePo } from "../../fixtures/suppliers/sample-po.js";

const SECRET = "test-signing-secret";
let peer: HttpSupplierPeer | undefined;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await peer?.close();
  peer = undefined;
  for (const c of closers.splice(0)) await c();
});

const transportFor = (p: HttpSupplierPeer, extra: { timeoutMs?: number; maxConcurrent?: number; secret?: string } = {}) =>
  createHttpTransport({ url: p.url, signingSecret: extra.secret ?? SECRET, timeoutMs: extra.timeoutMs ?? 5_000, maxConcurrent: extra.maxConcurrent ?? 2, context: sampleContext });

const expectRejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
};

describe("HTTP transport against the local supplier peer", () => {
  it("delivers every PO built from the Olist data exactly once", async () => {
    peer = await startHttpSupplierPeer({ signingSecret: SECRET });
    const pos = olistPurchaseOrders(5);
    const t = transportFor(peer);
    const results = await Promise.all(pos.map((po) => t.deliver(po, po.poNumber)));
    expect(results.every((r) => !r.duplicate)).toBe(true);
    const got = peer.received();
    expect(got.map((r) => r.idempotencyKey).sort()).toEqual(pos.map((p) => p.poNumber).sort());
    const first = got.find((r) => r.idempotencyKey === pos[0]?.poNumber)?.body as { lines: unknown[]; currency: string };
    expect(first.lines).toHaveLength(pos[0]?.lines.length ?? -1);
    expect(first.currency).toBe("BRL");
  });

  it("stores one PO when a crash between send and record makes the job send again", async () => {
    peer = await startHttpSupplierPeer({ signingSecret: SECRET });
    const t = transportFor(peer);
    const po = samplePo();
    await t.deliver(po, po.poNumber); // the worker dies before recording this outcome
    const again = await t.deliver(po, po.poNumber);
    expect(again).toEqual({ reference: po.poNumber, duplicate: true });
    expect(peer.received()).toHaveLength(1);
    expect(peer.duplicateAttempts()).toEqual([po.poNumber]);
  });

  it("classifies 500, 429, a hang and a vendor 4xx", async () => {
    peer = await startHttpSupplierPeer({ signingSecret: SECRET, failures: ["500", "429", "timeout"], retryAfterSeconds: 7 });
    const t = transportFor(peer, { timeoutMs: 300 });
    const po = samplePo();
    const e500 = await expectRejection(t.deliver(po, po.poNumber));
    expect(e500).toBeInstanceOf(TransientError);
    expect((e500 as TransientError).code).toBe("SUPPLIER.HTTP_5XX");
    const e429 = await expectRejection(t.deliver(po, po.poNumber));
    expect(e429).toBeInstanceOf(RateLimitedError);
    expect((e429 as RateLimitedError).retryAfterMs).toBe(7_000);
    const eHang = await expectRejection(t.deliver(po, po.poNumber));
    expect((eHang as TransientError).code).toBe("SUPPLIER.TIMEOUT");
    expect(peer.received()).toHaveLength(0);
    expect(await t.deliver(po, po.poNumber)).toMatchObject({ duplicate: false });

    const wrongKey = transportFor(peer, { secret: "not-the-secret" });
    const eAuth = await expectRejection(wrongKey.deliver(samplePo({ poNumber: "PO-X-1" }), "PO-X-1"));
    expect(eAuth).toBeInstanceOf(PermanentError);
    expect((eAuth as PermanentError).code).toBe("SUPPLIER.AUTH");
    expect((eAuth as PermanentError).message).toContain("signature does not match");
  });

  it("never has more than maxConcurrent requests in flight", async () => {
    peer = await startHttpSupplierPeer({ signingSecret: SECRET, latencyMs: 80 });
    const t = transportFor(peer, { maxConcurrent: 2 });
    const pos = Array.from({ length: 7 }, (_, i) => samplePo({ poNumber: `PO-CAP-${i}` }));
    await Promise.all(pos.map((po) => t.deliver(po, po.poNumber)));
    expect(peer.received()).toHaveLength(7);
    expect(peer.maxInFlight()).toBe(2);
  });

  it("sends a signed acknowledgement callback that we verify and parse", async () => {
    peer = await startHttpSupplierPeer({ signingSecret: SECRET });
    const events: SupplierEvent[] = [];
    const app = express();
    app.post("/callbacks/supplier", express.raw({ type: "*/*" }), (req, res) => {
      try {
        verifySupplierSignature(req.body as Buffer, req.get(SIGNATURE_HEADER), SECRET);
        events.push(parseSupplierCallback(req.body as Buffer));
        res.status(204).end();
      } catch (err) {
        res.status(400).json({ code: (err as PermanentError).code });
      }
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/supplier`;
    const ack = {
      kind: "acknowledgement",
      eventId: "ack-1",
      poNumber: "PO2503140930-0ACME0001",
      lines: [{ lineNo: 1, status: "changed", quantity: 10, expectedAt: "2025-03-21" }],
    };
    expect(await peer.sendCallback(url, ack)).toBe(204);
    expect(await peer.sendCallback(url, ack, "forged")).toBe(400);
    expect(events).toEqual([{ ...ack, source: "http" }]);
  });

  it("is steered over its admin API and refuses unsigned or keyless POSTs", async () => {
    peer = await startHttpSupplierPeer({ signingSecret: SECRET });
    const admin = (p: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${peer?.port}${p}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    expect((await admin("/admin/fail", { mode: "422", count: 1 })).status).toBe(200);
    expect((await admin("/admin/fail", { mode: "teapot" })).status).toBe(400);
    const t = transportFor(peer);
    const po = samplePo();
    const rejected = await expectRejection(t.deliver(po, po.poNumber));
    expect(rejected).toBeInstanceOf(PermanentError);
    expect((rejected as PermanentError).code).toBe("SUPPLIER.REJECTED");
    expect((rejected as PermanentError).message).toContain("unknown vendor SKU on line 1");
    expect((await fetch(peer.url, { method: "POST", body: "{}" })).status).toBe(401);
    const signed = { "X-Backorder-Signature": signBody("{}", SECRET) };
    expect((await fetch(peer.url, { method: "POST", body: "{}", headers: signed })).status).toBe(400);
    await t.deliver(po, po.poNumber);
    const listed = (await (await admin("/admin/received")).json()) as { received: { idempotencyKey: string }[] };
    expect(listed.received.map((r) => r.idempotencyKey)).toEqual([po.poNumber]);
  });
});
