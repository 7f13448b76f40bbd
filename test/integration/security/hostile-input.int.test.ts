import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAmazonAllOrdersTsv } from "../../../src/connectors/marketplaces/amazon/amazon-tsv.mapper.js";
import { parseShopifyOrdersCsv } from "../../../src/connectors/marketplaces/shopify/shopify-csv.mapper.js";
import { X12Error } from "../../../src/connectors/documents/x12/x12-error.js";
import { readSupplierX12 } from "../../../src/connectors/suppliers/x12/supplier-x12.reader.js";
import { signBody } from "../../../src/connectors/suppliers/http/signature.js";
import { toShopifyRest } from "../../../src/emulators/shopify/shopify-render.js";
import { startService, type Service } from "../../../src/main.js";
import { applySupplierEventStep } from "../../../src/jobs/steps/apply-supplier-event.step.js";
import { samplePo } from "../../fixtures/suppliers/sample-po.js";
import { pipelineEnv, sampleOrder, waitFor } from "../../support/pipeline-env.js";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/hostile/${name}`, import.meta.url), "utf8");

/**
 * The hostile corpus through the HTTP entry points of a running service: every bad input gets a
 * specific refusal or is quarantined, the process stays up, and the good input sent right after
 * each bad one is processed.
 */
describe("hostile input at the entry points", () => {
  let service: Service;
  let base = "";
  let good = 0;
  const secret = "shop-webhook-secret";

  const webhook = (body: string, headers: Record<string, string> = {}, id = `wh-${Math.random()}`) =>
    fetch(`${base}/webhooks/shopify/shop-test`, {
      method: "POST", body,
      headers: { "content-type": "application/json", "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64"), "x-shopify-webhook-id": id, "x-shopify-topic": "orders/create", ...headers },
    });
  /** A good order right after a bad input must be stored. */
  const goodOrderGoesThrough = async () => {
    good++;
    const s = sampleOrder(100 + good, [{ sku: "MUG-RED", qty: 1 }], "2026-11-05T10:00:00.000Z");
    // Shopify line item ids are numbers.
    const o = { ...s, lines: s.lines.map((l, i) => ({ ...l, lineId: String(7_000 + good * 10 + i) })) };
    expect((await webhook(JSON.stringify(toShopifyRest(o)))).status).toBe(200);
    await waitFor(`good order ${o.externalId}`, async () => service.deps.orders.getOrder("shop-test", o.externalId), 30_000);
  };

  beforeAll(async () => {
    const p = pipelineEnv({ shopifyUrl: "http://127.0.0.1:9", supplierUrl: "http://127.0.0.1:9/po" });
    service = await startService({ roles: ["server", "worker"], configDir: p.dir, env: p.env, port: 0 });
    base = service.server?.url ?? "";
    for (const [poNumber, vendor] of [["PO-X", "acme"], ["PO-OTHER", "beta"]] as const) {
      await service.deps.purchaseOrders.insertIfAbsent({ ...samplePo({ poNumber, vendor, batchKey: `${vendor}@test`, state: "issued" }), delivery: { state: "sent", attempts: 1 }, updatedAt: "2026-12-03T00:00:00.000Z" });
    }
  }, 60_000);

  afterAll(async () => {
    await service?.conn.dropDatabase().catch(() => undefined);
    await service?.stop();
  });

  it("webhooks: malformed JSON 400, bad or missing HMAC 401, oversized 413, replay collapses; wrong types quarantined", async () => {
    expect((await webhook(fixture("webhook-truncated.json"))).status).toBe(400);
    await goodOrderGoesThrough();
    const body = fixture("webhook-wrong-types.json");
    expect((await webhook(body, { "x-shopify-hmac-sha256": createHmac("sha256", "wrong").update(body).digest("base64") })).status).toBe(401);
    expect((await webhook(body, { "x-shopify-hmac-sha256": "" })).status).toBe(401);
    expect((await webhook(body, { "x-shopify-hmac-sha256": "AAAA" })).status).toBe(401);
    await goodOrderGoesThrough();
    expect((await webhook(" ".repeat(2_000_000))).status).toBe(413);
    await goodOrderGoesThrough();
    for (const name of ["webhook-wrong-types.json", "webhook-negative-qty.json", "webhook-unicode-fraction.json"]) {
      expect((await webhook(fixture(name), {}, `wh-${name}`)).status).toBe(200);
      expect(await (await webhook(fixture(name), {}, `wh-${name}`)).json()).toEqual({ duplicate: true });
      await goodOrderGoesThrough();
    }
    const quarantined = await waitFor("three quarantined webhooks", async () => {
      const docs = await service.conn.db!.collection("quarantine").find({}).toArray();
      return docs.length >= 3 ? docs : null;
    });
    expect(quarantined.every((q) => typeof q["reason"] === "string" && (q["reason"] as string).length > 0)).toBe(true);
    for (const id of ["99001", "99002"]) expect(await service.deps.orders.getOrder("shop-test", id)).toBeNull();
  });

  // Regression: a 10,000-character line item name was stored whole with no word.
  it("webhooks: a line item name longer than Shopify can make is quarantined as TITLE_TOO_LONG", async () => {
    expect((await webhook(fixture("webhook-long-title.json"), {}, "wh-long-title")).status).toBe(200);
    const entry = await waitFor("the long-title webhook quarantined", async () => service.conn.db!.collection("quarantine").findOne({ ref: "99003" }));
    expect(entry["reason"]).toMatch(/^SHOPIFY\.TITLE_TOO_LONG: line item 1 name is 10000 characters; Shopify line titles have at most 1029/);
    expect(await service.deps.orders.getOrder("shop-test", "99003")).toBeNull();
    await goodOrderGoesThrough();
  });

  it("supplier callbacks: unsigned 401, unknown vendor 404, malformed 400 with a code; the next good one is accepted", async () => {
    const send = (vendor: string, body: string, signature = signBody(body, "peer-secret")) =>
      fetch(`${base}/callbacks/suppliers/${vendor}`, { method: "POST", body, headers: { "content-type": "application/json", "x-backorder-signature": signature } });
    const ok = (n: number) => JSON.stringify({ kind: "receipt", eventId: `good-${n}`, poNumber: "PO-X", receivedAt: "2026-12-03", lines: [{ vendorSku: "AC-MUG-R", quantity: 1 }] });
    expect((await send("acme", fixture("callback-negative.json"), "sha256=" + "0".repeat(64))).status).toBe(401);
    expect((await send("acme", fixture("callback-negative.json"), "")).status).toBe(401);
    expect((await send("../../etc", fixture("callback-negative.json"))).status).toBe(404);
    let n = 0;
    for (const name of ["callback-truncated.json", "callback-unknown-kind.json", "callback-missing-po.json", "callback-negative.json"]) {
      const r = await send("acme", fixture(name));
      expect(r.status, name).toBe(400);
      expect(((await r.json()) as { code?: string }).code, name).toMatch(/^SUPPLIER\./);
      expect((await send("acme", ok(++n))).status).toBe(202);
    }
    // A vendor's valid signature does not let it report on another vendor's PO, nor on none.
    const about = (poNumber: string) => JSON.stringify({ kind: "receipt", eventId: `cross-${poNumber}`, poNumber, receivedAt: "2026-12-03", lines: [{ lineNo: 1, quantity: 12 }] });
    const cross = await send("acme", about("PO-OTHER"));
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as { code?: string }).code).toBe("SUPPLIER.NOT_YOUR_PO");
    const none = await send("acme", about("PO-NOBODY"));
    expect(none.status).toBe(404);
    expect(((await none.json()) as { code?: string }).code).toBe("SUPPLIER.UNKNOWN_PO");
    expect((await service.deps.supplierEvents.unapplied()).filter((e) => e.poNumber !== "PO-X")).toEqual([]);
    expect((await service.deps.purchaseOrders.get("PO-OTHER"))?.state).toBe("issued");
  });

  it("an event recorded by any path (SFTP file, manual receipt) never moves another vendor's PO", async () => {
    const eventId = "sftp-cross-1";
    await service.deps.supplierEvents.record({ _id: eventId, source: "sftp", vendor: "acme", poNumber: "PO-OTHER", event: { kind: "receipt", eventId, poNumber: "PO-OTHER", receivedAt: "2026-12-03", lines: [{ lineNo: 1, quantity: 12 }] }, receivedAt: "2026-12-03T00:00:00.000Z" });
    await expect(applySupplierEventStep(service.deps, eventId)).rejects.toMatchObject({ code: "INBOUND.VENDOR_MISMATCH", retryable: false });
    const po = await service.deps.purchaseOrders.get("PO-OTHER");
    expect([po?.state, po?.lines[0]?.receivedQuantity]).toEqual(["issued", 0]);
  });

  it("file imports reject broken rows with a reason and never throw", () => {
    const csv = parseShopifyOrdersCsv(fixture("shopify-broken.csv"), "shop-test");
    expect(csv.orders.every((o) => o.lines.every((l) => Number.isInteger(l.ordered) && l.ordered > 0))).toBe(true);
    expect(csv.rejected.length).toBeGreaterThan(0);
    const tsv = parseAmazonAllOrdersTsv(fixture("amazon-broken.tsv"), "amz");
    expect(tsv.orders).toEqual([]);
    expect(tsv.rejected.length).toBeGreaterThan(0);
    for (const [name, parse] of [["shopify-quantities.csv", parseShopifyOrdersCsv], ["amazon-quantities.tsv", parseAmazonAllOrdersTsv], ["shopify-long-title.csv", parseShopifyOrdersCsv], ["amazon-long-title.tsv", parseAmazonAllOrdersTsv]] as const) {
      const r = parse(fixture(name), "x");
      expect(r.orders.length, name).toBeGreaterThan(0);
      expect(r.rejected.every((x) => /^[A-Z_]+\.(BAD_VALUE|TITLE_TOO_LONG): \S/.test(x.reason)), name).toBe(true);
      expect(r.orders.every((o) => o.lines.every((l) => l.title.length <= 1029)), name).toBe(true);
    }
  });

  it("EDI files: negative quantities, a path-like PO number and a cut file give a typed X12 error", () => {
    for (const name of ["x12-negative-traversal.edi", "x12-truncated.edi"]) {
      expect(() => readSupplierX12(fixture(name)), name).toThrow(X12Error);
    }
  });
});
