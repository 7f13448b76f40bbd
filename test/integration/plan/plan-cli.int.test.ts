import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// End to end: `backorder plan` as a child process on the shared real data, checked against
// numbers this test computes on its own from the same files.
const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const shared = path.resolve(repoRoot, "../shared");
const NOW = "2026-03-02T14:00:00.000Z";

const csvRows = (file: string): Record<string, string>[] => {
  const [head, ...lines] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const names = (head ?? "").split(",").map((h) => h.replaceAll('"', ""));
  return lines.map((l) => Object.fromEntries(l.split(",").map((c, i) => [names[i] ?? "", c.replaceAll('"', "")])));
};

const plan = async (args: string[]) => {
  try {
    const r = await run(path.join(repoRoot, "node_modules/.bin/tsx"), ["src/cli/main.ts", "plan", ...args], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

let dir = "";
const items = csvRows(path.join(shared, "data/olist/olist_order_items_dataset.csv"));
// Deterministic inputs: stock 0–2 by the first hex digit; products whose id starts with "f" have no offer;
// case pack 2 for ids ending in an even digit.
const stockOf = (p: string): number => parseInt(p[0] ?? "0", 16) % 3;
const casePackOf = (p: string): number => (/[02468]$/.test(p) ? 2 : 1);
const vendorOf = new Map<string, string>();
for (const r of items) {
  const p = r.product_id ?? "";
  const s = r.seller_id ?? "";
  if (!vendorOf.has(p) || s < (vendorOf.get(p) as string)) vendorOf.set(p, s);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "plan-e2e-"));
  const byOrder = new Map<string, Record<string, string>[]>();
  for (const r of items) byOrder.set(r.order_id ?? "", [...(byOrder.get(r.order_id ?? "") ?? []), r]);
  const orders = [...byOrder].map(([id, rows]) => ({
    channel: "olist",
    externalId: id,
    placedAt: `${(rows[0]?.shipping_limit_date ?? "").replace(" ", "T")}Z`,
    currency: "BRL",
    lines: rows.map((r) => ({ lineId: r.order_item_id, sku: r.product_id, ordered: 1 })),
  }));
  writeFileSync(path.join(dir, "orders.json"), JSON.stringify(orders));
  const products = [...vendorOf.keys()].sort();
  writeFileSync(path.join(dir, "stock.csv"), ["sku,location,on_hand,committed", ...products.map((p) => `${p},main,${stockOf(p)},0`)].join("\n"));
  const price = new Map(items.map((r) => [r.product_id, r.price]));
  const offers = products.filter((p) => !p.startsWith("f")).map((p) => `${p},${vendorOf.get(p)},V-${p.slice(0, 6)},${price.get(p)},BRL,1,${casePackOf(p)},10,false,false`);
  writeFileSync(path.join(dir, "offers.csv"), ["sku,vendor,vendor_sku,unit_cost,currency,moq,case_pack,lead_time_days,preferred,dropship", ...offers].join("\n"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("backorder plan on the Olist slice", () => {
  it("backorders exactly the units stock cannot cover and buys them in case packs, one PO per seller", async () => {
    const r = await plan(["--orders", path.join(dir, "orders.json"), "--stock", path.join(dir, "stock.csv"), "--catalog", path.join(dir, "offers.csv"), "--now", NOW, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const demand = new Map<string, number>();
    for (const it of items) demand.set(it.product_id ?? "", (demand.get(it.product_id ?? "") ?? 0) + 1);
    const short = new Map([...demand].map(([p, d]) => [p, Math.max(0, d - stockOf(p))]));
    const totalShort = [...short.values()].reduce((s, n) => s + n, 0);
    expect(doc.orders).toHaveLength(new Set(items.map((i) => i.order_id)).size);
    expect(doc.metrics.units).toMatchObject({ total: items.length, backordered: totalShort });
    const lineUnits = doc.orders.flatMap((o: { lines: { backordered: number }[] }) => o.lines).reduce((s: number, l: { backordered: number }) => s + l.backordered, 0);
    expect(lineUnits).toBe(totalShort);
    const buyable = [...short].filter(([p, n]) => n > 0 && !p.startsWith("f"));
    expect(buyable.length).toBeGreaterThan(10);
    const poLines = doc.purchaseOrders.flatMap((po: { lines: { sku: string; quantity: number }[] }) => po.lines);
    expect(poLines).toHaveLength(buyable.length);
    for (const [p, n] of buyable) expect(poLines.find((l: { sku: string }) => l.sku === p)?.quantity).toBe(Math.ceil(n / casePackOf(p)) * casePackOf(p));
    expect(doc.purchaseOrders).toHaveLength(new Set(buyable.map(([p]) => vendorOf.get(p))).size);
    const noOffer = [...short].filter(([p, n]) => n > 0 && p.startsWith("f")).reduce((s, [p]) => s + items.filter((i) => i.product_id === p).length - Math.min(stockOf(p), demand.get(p) ?? 0), 0);
    expect(doc.exceptions.filter((e: { code: string }) => e.code === "CATALOG.NO_OFFER")).toHaveLength(noOffer);
    const price = items.find((i) => i.product_id === buyable[0]?.[0])?.price ?? "0";
    const [whole, frac = ""] = price.split(".");
    expect(poLines.find((l: { sku: string }) => l.sku === buyable[0]?.[0])?.unitCost).toBe(Number(whole) * 100 + Number(frac.padEnd(2, "0")));
  });

  it("plans the same thing twice (deterministic PO numbers and batch keys)", async () => {
    const args = ["--orders", path.join(dir, "orders.json"), "--stock", path.join(dir, "stock.csv"), "--catalog", path.join(dir, "offers.csv"), "--now", NOW, "--json"];
    const [a, b] = await Promise.all([plan(args), plan(args)]);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).purchaseOrders[0].batchKey).toMatch(/@2026-03-02T14:00:00.000Z$/);
  });
});

describe("backorder plan on the Shopify export and bad input", () => {
  it("reads the Shopify export: one order per Name, no demand from fulfilled or SKU-less lines", async () => {
    const file = path.join(shared, "data/shopify/orders_export_devstore.csv");
    writeFileSync(path.join(dir, "empty-stock.csv"), "sku,location,on_hand\n");
    const r = await plan(["--orders", file, "--stock", path.join(dir, "empty-stock.csv"), "--catalog", path.join(dir, "offers.csv"), "--now", NOW, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const names = new Set(readFileSync(file, "utf8").split(/\r?\n/).slice(1).map((l) => l.split(",")[0]).filter((n) => n?.startsWith("#")));
    expect(doc.orders.map((o: { orderNumber: string }) => o.orderNumber).sort()).toEqual([...names].sort());
    expect(doc.purchaseOrders).toEqual([]);
    const skuLines = doc.orders.flatMap((o: { lines: { sku: string | null; quantity: number; backordered: number }[] }) => o.lines).filter((l: { sku: string | null }) => l.sku === "sku-untracked-1");
    expect(skuLines.map((l: { quantity: number; backordered: number }) => [l.quantity, l.backordered])).toEqual([[0, 0], [0, 0]]);
  });

  it("turns bad records into exceptions naming file and row, and still plans the rest", async () => {
    writeFileSync(path.join(dir, "bad-stock.csv"), "sku,location,on_hand\nA,main,1\n,main,3\nB,main,1.5\n");
    writeFileSync(path.join(dir, "bad-offers.csv"), "sku,vendor,vendor_sku,unit_cost,currency,moq,case_pack,lead_time_days,preferred,dropship\nA,acme,X,2.50,USD,1,1,1,false,false\nB,acme,Y,2.50,ZZZ,1,1,1,false,false\n");
    writeFileSync(path.join(dir, "bad-orders.json"), JSON.stringify([
      { channel: "t", externalId: "1", placedAt: NOW, currency: "USD", lines: [{ lineId: "1", sku: "A", ordered: 3 }] },
      { channel: "t", externalId: "2", placedAt: NOW, currency: "USD", lines: [{ lineId: "1", sku: "A", ordered: 1.5 }] },
      { channel: "t", externalId: "3", placedAt: NOW, currency: "QQQ", lines: [{ lineId: "1", sku: "A", ordered: 1 }] },
    ]));
    const r = await plan(["--orders", path.join(dir, "bad-orders.json"), "--stock", path.join(dir, "bad-stock.csv"), "--catalog", path.join(dir, "bad-offers.csv"), "--now", NOW, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const byRef = Object.fromEntries(doc.exceptions.map((e: { ref: string; code: string; reason: string }) => [e.ref.replace(dir + path.sep, ""), `${e.code} ${e.reason}`]));
    expect(byRef).toMatchObject({
      "bad-stock.csv: row 3": "STOCK.MISSING_SKU stock line has no SKU",
      "bad-stock.csv: row 4": 'STOCK.BAD_QUANTITY B: on_hand "1.5" is not an integer',
      "bad-offers.csv: row 3": 'OFFER.UNKNOWN_CURRENCY unknown currency "ZZZ"',
      "bad-orders.json: record 2 (2)": "ORDER.INVALID lines.0.ordered: must be an integer",
      "bad-orders.json: record 3 (3)": 'ORDER.INVALID currency: unknown currency "QQQ"',
    });
    expect(doc.orders).toHaveLength(1);
    expect(doc.purchaseOrders[0].lines[0]).toMatchObject({ sku: "A", quantity: 2, unitCost: 250, covers: [{ order: "t:1", line: "1", quantity: 2 }] });
  });

  it("exits 2 naming the file when a file is missing or unreadable, or an argument is unusable", async () => {
    const missing = await plan(["--orders", path.join(dir, "nope.json"), "--stock", path.join(dir, "stock.csv"), "--catalog", path.join(dir, "offers.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.json: cannot read file");
    writeFileSync(path.join(dir, "broken.json"), "[{");
    const broken = await plan(["--orders", path.join(dir, "broken.json"), "--stock", path.join(dir, "stock.csv"), "--catalog", path.join(dir, "offers.csv")]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("broken.json: not valid JSON");
    const badNow = await plan(["--orders", path.join(dir, "orders.json"), "--stock", path.join(dir, "stock.csv"), "--catalog", path.join(dir, "offers.csv"), "--now", "yesterday"]);
    expect(badNow.code).toBe(2);
    const noArgs = await plan(["--stock", path.join(dir, "stock.csv")]);
    expect(noArgs.code).toBe(2);
  });
});
