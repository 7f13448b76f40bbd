import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliWorld, readCsvRecords, repoRoot, shared } from "./cli-harness.js";

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
  rowsRead: number; orders: { created: number; updated: number; unchanged: number }; lines: { total: number; stock: number; unmapped: number; nonInventory: number };
  quarantined: number; deferred: number; evaluationsQueued: number; topReasons: { reason: string; count: number }[]; outcome: string; exitCode: number;
};
const hostile = (name: string) => path.join(repoRoot, "test/fixtures/hostile", name);
const AMAZON_TSV = path.join(repoRoot, "test/fixtures/amazon/all-orders.tsv");

describe("backorder import shopify-orders", () => {
  it("creates one order per Name with every line item, and non-inventory lines flagged", async () => {
    const r = await world.cli(["import", "shopify-orders", CSV, "--channel", "shopify-main", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = summaryOf(r.stdout);
    expect(s.rowsRead).toBe(records.length);
    expect(s.orders.created).toBe(names.length);
    expect(s.lines.total).toBe(itemRows.length);
    // Regression: "40 — 2 stock, 17 non-inventory, 38 UNMAPPED" counted SKU-less gift cards twice.
    const nonInventory = itemRows.filter((r) => /^gift card/i.test(r["Lineitem name"] ?? "") || r["Lineitem requires shipping"] === "false").length;
    expect(s.lines).toEqual({ total: itemRows.length, stock: itemRows.length - skuless, unmapped: skuless - nonInventory, nonInventory });
    expect(s.lines.stock + s.lines.unmapped + s.lines.nonInventory).toBe(s.lines.total);
    expect(s).toMatchObject({ outcome: "complete", exitCode: 0 });
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
    // Some orders quarantined: the import did not take the whole file, and its exit code says so.
    expect(r.code, r.stderr).toBe(3);
    const s = summaryOf(r.stdout);
    expect(s).toMatchObject({ outcome: "partial", exitCode: 3 });
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
    // A device is never read: /dev/zero would fill memory.
    const device = await world.cli(["import", "shopify-orders", "/dev/zero", "--channel", "shopify-main"]);
    expect(device.code).toBe(2);
    expect(device.stderr).toContain("/dev/zero is not a regular file");
  }, 120_000);

  it("prints the line groups as a partition and the result with its exit code", async () => {
    const r = await world.cli(["import", "shopify-orders", CSV, "--channel", "shopify-main"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/lines: +40 — 2 stock with SKU, 21 stock without SKU \(UNMAPPED, shown as exceptions\), 17 non-inventory/);
    expect(r.stdout).toMatch(/result: +all 19 orders accepted \(exit 0\)/);
  }, 120_000);
});

/** Every order and quarantine entry, to show a refused import stored nothing. */
const stored = async () => ({
  orders: await world.conn.collection("orders").countDocuments(),
  quarantine: await world.conn.collection("quarantine").countDocuments(),
});

describe("imports refused before anything is stored (exit 2)", () => {
  // Regression: an unknown channel got a "note" and then all 19 orders, exit 0, and showed up in the report.
  it("refuses a channel that is not configured, naming the configured channels of the file's kind", async () => {
    const before = await stored();
    const shop = await world.cli(["import", "shopify-orders", CSV, "--channel", "no-such-channel"]);
    expect(shop.code).toBe(2);
    expect(shop.stderr).toBe("backorder import shopify-orders: channel no-such-channel is not in the configuration; configured shopify channels: shopify-main\n");
    const amz = await world.cli(["import", "amazon-orders", AMAZON_TSV, "--channel", "no-such-channel"]);
    expect(amz.code).toBe(2);
    expect(amz.stderr).toContain("configured amazon channels: amazon-eu");
    expect(await stored()).toEqual(before);
    expect(await world.conn.collection("orders").countDocuments({ channel: "no-such-channel" })).toBe(0);
  }, 120_000);

  // Regression: an Amazon report went into shopify-main (3 orders) and the Shopify export into amazon-eu (19).
  it("refuses a channel of the other kind", async () => {
    const before = await stored();
    const amz = await world.cli(["import", "amazon-orders", AMAZON_TSV, "--channel", "shopify-main"]);
    expect(amz.code).toBe(2);
    expect(amz.stderr).toContain("channel shopify-main is a shopify channel; amazon-orders imports need an amazon channel (configured amazon channels: amazon-eu)");
    const shop = await world.cli(["import", "shopify-orders", CSV, "--channel", "amazon-eu"]);
    expect(shop.code).toBe(2);
    expect(shop.stderr).toContain("channel amazon-eu is an amazon channel; shopify-orders imports need a shopify channel (configured shopify channels: shopify-main)");
    expect(await stored()).toEqual(before);
  }, 120_000);

  // Regression: empty and binary files both read as "SHOPIFY_CSV.HEADER: missing columns …".
  it("names an empty file, a binary one, a non-UTF-8 one and the wrong report for what each is", async () => {
    const before = await stored();
    const cases: [string, string, string][] = [
      ["shopify-orders", hostile("empty.csv"), "SHOPIFY_CSV.EMPTY: the file is empty (0 bytes); expected a Shopify admin orders export (CSV)"],
      ["amazon-orders", hostile("empty.csv"), "AMAZON_TSV.EMPTY: the file is empty (0 bytes); expected an Amazon All Orders report (TSV)"],
      ["shopify-orders", hostile("binary.csv"), "SHOPIFY_CSV.NOT_TEXT: the file is not text (a NUL byte at byte 9; binary data?)"],
      ["amazon-orders", hostile("binary.csv"), "AMAZON_TSV.NOT_TEXT: the file is not text (a NUL byte at byte 9; binary data?)"],
      ["amazon-orders", hostile("amazon-cp1252.tsv"), "AMAZON_TSV.NOT_TEXT: the file is not UTF-8 text (invalid UTF-8 at byte"],
      ["shopify-orders", AMAZON_TSV, "SHOPIFY_CSV.HEADER: not a Shopify orders export (CSV): missing columns Name, Id, Created at, Lineitem quantity, Lineitem name, Lineitem price, Currency; it looks like an Amazon All Orders report (TSV) (import it with: backorder import amazon-orders FILE --channel ID)"],
      ["amazon-orders", CSV, "AMAZON_TSV.HEADER: not an Amazon All Orders report (TSV): missing columns amazon-order-id, purchase-date"],
    ];
    for (const [format, file, message] of cases) {
      const r = await world.cli(["import", format, file, "--channel", format === "shopify-orders" ? "shopify-main" : "amazon-eu"]);
      expect(r.code, `${format} ${file}`).toBe(2);
      expect(r.stderr, `${format} ${file}`).toContain(message);
    }
    expect(await stored()).toEqual(before);
  }, 120_000);
});

describe("exit codes of imports that ran", () => {
  // Regression: a file whose every order was quarantined exited 0.
  it("exits 4 when every order is quarantined, for both importers", async () => {
    const onlyBad = (name: string, good: string) => {
      const file = path.join(world.dir, `only-bad-${name}`);
      writeFileSync(file, readFileSync(hostile(name), "utf8").split("\n").filter((l) => !l.includes(good)).join("\n"));
      return file;
    };
    const shop = await world.cli(["import", "shopify-orders", onlyBad("shopify-quantities.csv", "#9106"), "--channel", "shopify-main", "--json"]);
    expect(shop.code, shop.stderr).toBe(4);
    expect(summaryOf(shop.stdout)).toMatchObject({ outcome: "rejected", exitCode: 4, quarantined: 5, orders: { created: 0 } });
    const amz = await world.cli(["import", "amazon-orders", onlyBad("amazon-long-title.tsv", "302-0000012-0000012"), "--channel", "amazon-eu"]);
    expect(amz.code, amz.stderr).toBe(4);
    expect(amz.stdout).toMatch(/quarantined: +1 — top reasons: AMAZON_TSV\.TITLE_TOO_LONG ×1/);
    expect(amz.stdout).toMatch(/result: +NOTHING IMPORTED: 0 of 1 orders accepted, 1 quarantined .*\(exit 4\)/);
  }, 120_000);

  it("exits 3 when some orders are quarantined; a deferred Pending order counts as accepted", async () => {
    const r = await world.cli(["import", "amazon-orders", AMAZON_TSV, "--channel", "amazon-eu", "--json"]);
    expect(r.code, r.stderr).toBe(3);
    const s = summaryOf(r.stdout);
    expect(s).toMatchObject({ outcome: "partial", exitCode: 3, deferred: 1, quarantined: 1, orders: { created: 3 } });
    const q = await world.conn.collection("quarantine").findOne({ channel: "amazon-eu", ref: "111-0000005-0000005" });
    expect(q?.["reason"]).toBe('AMAZON_TSV.BAD_VALUE: quantity (BRK-1) "two" is not a number');
  }, 120_000);
});

