import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliWorld, readCsvRecords, shared } from "./cli-harness.js";

// `backorder import shopify-orders` on the real Shopify export, checked against numbers this test
// computes from the CSV itself; then idempotence, quarantine and the masked `orders show`.
const CSV = path.join(shared, "data/shopify/orders_export_devstore.csv");
const records = readCsvRecords(CSV);
const names = [...new Set(records.map((r) => r["Name"]))];
const itemRows = records.filter((r) => (r["Lineitem name"] ?? "") !== "");
const giftCards = itemRows.filter((r) => /^gift card/i.test(r["Lineitem name"] ?? "")).length;
const skuless = itemRows.filter((r) => (r["Lineitem sku"] ?? "").trim() === "").length;

let world: Awaited<ReturnType<typeof cliWorld>>;
beforeAll(async () => {
  world = await cliWorld("cli_import");
});
afterAll(async () => world?.cleanup());

const summaryOf = (stdout: string) => JSON.parse(stdout) as {
  rowsRead: number; orders: { created: number; updated: number; unchanged: number }; lines: { total: number }; quarantined: number; evaluationsQueued: number;
  topReasons: { reason: string; count: number }[];
};

describe("backorder import shopify-orders", () => {
  it("creates one order per Name with every line item, and non-inventory lines flagged", async () => {
    const r = await world.cli(["import", "shopify-orders", CSV, "--channel", "shopify-main", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = summaryOf(r.stdout);
    expect(s.rowsRead).toBe(records.length);
    expect(s.orders.created).toBe(names.length);
    expect(s.lines.total).toBe(itemRows.length);
    expect(s.evaluationsQueued).toBe(names.length);
    const orders = await world.conn.collection("orders").find({}).toArray();
    expect(orders).toHaveLength(names.length);
    const lines = orders.flatMap((o) => o.lines as { kind: string; sku: string | null; flags: string[] }[]);
    expect(lines).toHaveLength(itemRows.length);
    expect(lines.filter((l) => l.kind === "gift_card")).toHaveLength(giftCards);
    expect(lines.filter((l) => l.sku === null && l.flags.includes("UNMAPPED"))).toHaveLength(skuless);
    expect(await world.queue("orders.evaluate").getJobCountByTypes("waiting", "prioritized", "delayed")).toBe(names.length);
  }, 120_000);

  it("changes nothing when the same file is imported again", async () => {
    const before = { orders: await world.conn.collection("orders").countDocuments(), revisions: await world.conn.collection("order_revisions").countDocuments().catch(() => 0) };
    const r = await world.cli(["import", "shopify-orders", CSV, "--channel", "shopify-main", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = summaryOf(r.stdout);
    expect(s.orders).toMatchObject({ created: 0, updated: 0, unchanged: names.length });
    expect(s.evaluationsQueued).toBe(0);
    expect(await world.conn.collection("orders").countDocuments()).toBe(before.orders);
    expect(await world.conn.collection("order_revisions").countDocuments().catch(() => 0)).toBe(before.revisions);
    expect(await world.queue("orders.evaluate").getJobCountByTypes("waiting", "prioritized", "delayed")).toBe(names.length);
  }, 120_000);

  it("quarantines a bad order with its reason and keeps the good ones", async () => {
    const header = readFileSync(CSV, "utf8").split(/\r?\n/)[0] as string;
    const cols = header.split(",");
    const row = (values: Record<string, string>) => cols.map((c) => values[c] ?? "").join(",");
    const base = { Currency: "EUR", "Created at": "2026-03-01 10:00:00 +0000", "Lineitem quantity": "1", "Lineitem price": "5.00", "Lineitem sku": "SKU-X" };
    const file = path.join(world.dir, "bad.csv");
    writeFileSync(file, [header, row({ ...base, Name: "#9001", Id: "9001", "Lineitem name": "Good" }), row({ ...base, Name: "#9002", Id: "not-a-number", "Lineitem name": "Bad" })].join("\n"));
    const r = await world.cli(["import", "shopify-orders", file, "--channel", "shopify-main", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = summaryOf(r.stdout);
    expect(s.orders.created).toBe(1);
    expect(s.quarantined).toBe(1);
    expect(s.topReasons).toEqual([{ reason: "SHOPIFY_CSV.BAD_VALUE", count: 1 }]);
    const q = await world.conn.collection("quarantine").find({}).toArray();
    expect(q.map((e) => [e.ref, e.source])).toEqual([["#9002", "import bad.csv"]]);
  }, 120_000);

  it("orders show masks the ship-to street", async () => {
    const first = records.find((r) => (r["Shipping Address1"] ?? "") !== "") as Record<string, string>;
    const r = await world.cli(["orders", "show", `shopify-main:${first["Id"]}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(first["Name"]);
    expect(r.stdout).toContain("ship-to:");
    expect(r.stdout).not.toContain(first["Shipping Address1"]);
    expect(r.stdout).not.toContain(first["Shipping Name"] || "\u0000");
  }, 120_000);

  it("exits 2 naming the problem for unusable arguments", async () => {
    const noKey = await world.cli(["import", "shopify-orders", CSV, "--channel", "shopify-main"], { BACKORDER_ADDRESS_KEY: "" });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("BACKORDER_ADDRESS_KEY");
    const badRef = await world.cli(["orders", "show", "no-colon"]);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain("CHANNEL:ID");
  }, 120_000);
});
