import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSharedDir, runDemo, type DemoResult } from "../../src/demo/run-demo.js";

/**
 * The demo on a 40-order slice, checked against numbers recomputed here from the same Olist file
 * with the rules README "The demo" documents (written out again below, not imported), and against
 * the supplier peers' own logs.
 */
const SEED = 7;
const ORDERS = 40;
const unit = (salt: string, key: string): number => createHash("sha256").update(`${SEED}:${salt}:${key}`).digest().readUInt32BE(0) / 2 ** 32;

const olistRows = (): { order: string; sku: string; seller: string }[] => {
  const text = readFileSync(path.join(defaultSharedDir(), "data/olist/olist_order_items_dataset.csv"), "utf8");
  return text.trim().split(/\r?\n/).slice(1).map((line) => {
    const f = line.split(",").map((x) => x.replace(/^"|"$/g, ""));
    return { order: f[0] ?? "", sku: f[2] ?? "", seller: f[3] ?? "" };
  });
};

const expected = () => {
  const rows = olistRows();
  const ids = [...new Set(rows.map((r) => r.order))].slice(0, ORDERS);
  const shopify = ids.filter((id) => unit("channel", id) < 0.55);
  const amazon = ids.filter((id) => unit("channel", id) >= 0.55);
  const afn = new Set(amazon.filter((id) => unit("afn", id) < 0.25));
  const demand = new Map<string, number>();
  for (const r of rows.filter((x) => ids.includes(x.order) && !afn.has(x.order))) demand.set(r.sku, (demand.get(r.sku) ?? 0) + 1);
  const shortfall = new Map<string, number>();
  for (const [sku, d] of demand) {
    const stock = unit("stock", sku) < 0.4 ? Math.ceil(d / 2) : 0;
    if (d > stock) shortfall.set(sku, d - stock);
  }
  return { shopify: shopify.length, amazon: amazon.length, afn: afn.size, shortfall, skus: new Set(demand.keys()) };
};

const terms = (sku: string, vendor: string) => ({
  casePack: [1, 1, 1, 2, 6, 12][Math.floor(unit("case", `${sku}@${vendor}`) * 6)] ?? 1,
  moq: [1, 1, 1, 3, 5, 10][Math.floor(unit("moq", `${sku}@${vendor}`) * 6)] ?? 1,
});
const transportOf = (vendor: string) => (["http", "email", "sftp"] as const)[Math.floor(unit("transport", vendor) * 3)];
const roundUp = (n: number, step: number) => Math.ceil(n / step) * step;

describe("backorder demo on a 40-order slice of the Olist data", () => {
  let result: DemoResult;
  const id = randomUUID().slice(0, 8);
  const configDir = mkdtempSync(path.join(tmpdir(), "bo-demo-"));

  beforeAll(async () => {
    result = await runDemo({
      seed: SEED, orders: ORDERS, db: `t_demo_${id}`, prefix: `t-demo-${id}`, configDir, keep: true,
      progress: { write: () => true } as unknown as NodeJS.WritableStream,
    });
  }, 600_000);

  afterAll(async () => {
    await result?.stack.service.conn.dropDatabase().catch(() => undefined);
    await result?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it("stores every order in its channel; Amazon-fulfilled orders are stored but create no demand", () => {
    const e = expected();
    const exported = result.input.shopifyExport?.orders.created ?? 0;
    expect(exported).toBeGreaterThan(0);
    expect(result.final.ordersByChannel).toEqual({ "demo-shopify": e.shopify + exported, "demo-amazon": e.amazon });
    expect(result.final.marketplaceFulfilled).toBe(e.afn);
    expect(result.failedJobs).toBe(0);
  });

  it("backorders exactly demand minus starting stock for every Olist SKU", () => {
    const e = expected();
    const measured = Object.fromEntries(Object.entries(result.afterBatch.shortfallBySku).filter(([sku]) => e.skus.has(sku)));
    expect(measured).toEqual(Object.fromEntries(e.shortfall));
    const covered = new Map<string, number>();
    for (const l of result.afterBatch.purchaseOrders.flatMap((p) => p.lines)) covered.set(l.sku, (covered.get(l.sku) ?? 0) + l.covered);
    expect(Object.fromEntries(covered)).toEqual(Object.fromEntries(e.shortfall));
  });

  it("rounds every PO line's covered shortfall up to whole case packs and the MOQ", () => {
    const pos = result.afterBatch.purchaseOrders;
    expect(pos.length).toBeGreaterThan(0);
    for (const po of pos) {
      for (const l of po.lines) {
        const t = terms(l.sku, po.vendor);
        const cases = roundUp(l.covered, t.casePack);
        expect({ po: po.poNumber, sku: l.sku, quantity: l.quantity }).toEqual({ po: po.poNumber, sku: l.sku, quantity: cases >= t.moq ? cases : roundUp(t.moq, t.casePack) });
      }
    }
  });

  it("each transport's peer received exactly the POs of the vendors assigned to it, once", async () => {
    const pos = result.afterBatch.purchaseOrders;
    expect(pos.every((p) => p.delivery === "sent" && p.transport === transportOf(p.vendor))).toBe(true);
    const of = (t: string) => pos.filter((p) => p.transport === t).map((p) => p.poNumber).sort();
    for (const t of ["http", "email", "sftp"]) expect(of(t).length).toBeGreaterThan(0);
    expect(pos.some((p) => p.dropship)).toBe(true);
    const { http, smtp, sftp } = result.stack.peers;
    expect(http.received().map((r) => r.idempotencyKey).sort()).toEqual(of("http"));
    expect(http.duplicateAttempts()).toEqual([]);
    const mails = pos.filter((p) => p.transport === "email");
    expect(smtp.received()).toHaveLength(mails.length);
    for (const p of mails) expect(smtp.countByMessageId(p.reference ?? "")).toBe(1);
    const files = (await sftp.received()).map((f) => f.name);
    expect(files).toHaveLength(of("sftp").length);
    for (const n of of("sftp")) expect(files.filter((f) => f.includes(n))).toHaveLength(1);
  });

  it("received POs release holds; acknowledged and unanswered POs stay open", () => {
    const byNo = new Map(result.final.purchaseOrders.map((p) => [p.poNumber, p]));
    expect(result.answers.received.length).toBe(Math.ceil(result.afterBatch.purchaseOrders.length / 2));
    for (const n of result.answers.received) expect(byNo.get(n)?.state).toBe("received");
    for (const n of result.answers.acknowledged) expect(byNo.get(n)?.state).toBe("acknowledged");
    expect(result.final.holds.released).toBeGreaterThan(0);
    expect(result.final.onHold).toBeLessThan(result.afterBatch.onHold);
    expect(result.report.purchaseOrders.total).toBe(result.final.purchaseOrders.length);
  });
});
