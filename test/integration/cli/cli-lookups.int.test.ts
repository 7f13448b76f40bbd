import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliWorld } from "./cli-harness.js";
import { seedPo } from "./seed.js";

// Commands that look something up say so when it does not exist, like `po show` does; files name what they refuse.
let world: Awaited<ReturnType<typeof cliWorld>>;
beforeAll(async () => {
  world = await cliWorld("cli_lookup");
  await seedPo(world.conn, world.addressKey, { poNumber: "PO-QUIET-1", vendor: "acme-supplies", state: "issued", skus: [{ sku: "SKU-A", quantity: 1 }] });
});
afterAll(async () => world?.cleanup());

describe("lookups of things that do not exist", () => {
  it("regression: `events --po NOPE` printed 'Events of NOPE: 0'; events, like po show, says it does not exist (exit 2)", async () => {
    const [po, show, order, quiet] = await Promise.all([
      world.cli(["events", "--po", "NOPE"]),
      world.cli(["po", "show", "NOPE"]),
      world.cli(["events", "--order", "shopify-main:404"]),
      world.cli(["events", "--po", "PO-QUIET-1"]),
    ]);
    expect(po).toMatchObject({ code: 2, stdout: "", stderr: "backorder events: purchase order NOPE does not exist\n" });
    expect(show).toMatchObject({ code: 2, stderr: "backorder po show: purchase order NOPE does not exist\n" });
    expect(order).toMatchObject({ code: 2, stdout: "", stderr: "backorder events: order shopify-main:404 does not exist\n" });
    // A PO that exists but has no events yet is an empty trail, not an error.
    expect(quiet).toMatchObject({ code: 0, stdout: "Events of PO-QUIET-1: 0\n" });
  }, 120_000);

  it("says a vendor or channel filter names nothing configured, instead of an empty list", async () => {
    const [vendor, channel, known] = await Promise.all([
      world.cli(["po", "list", "--vendor", "acme"]),
      world.cli(["quarantine", "list", "--channel", "shopfy-main"]),
      world.cli(["po", "list", "--vendor", "beta-wholesale"]),
    ]);
    expect(vendor).toMatchObject({ code: 2, stderr: 'backorder po list: no vendor "acme" in the configuration (vendors: acme-supplies, beta-wholesale, gamma-edi)\n' });
    expect(channel).toMatchObject({ code: 2, stderr: 'backorder quarantine list: no channel "shopfy-main" in the configuration (channels: amazon-eu, shopify-main)\n' });
    expect(known).toMatchObject({ code: 0, stdout: "no purchase orders\n" });
  }, 120_000);
});

describe("--since as a date", () => {
  it("regression: `report --since 2025-05-11` was refused; it means that day from 00:00Z", async () => {
    const [date, garbage] = await Promise.all([world.cli(["report", "--json", "--since", "2025-05-11"]), world.cli(["report", "--since", "soon"])]);
    expect(date.code, date.stderr).toBe(0);
    expect(JSON.parse(date.stdout)).toMatchObject({ since: "2025-05-11T00:00:00.000Z" });
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain('must be a date (2026-03-01, read as 00:00Z) or an instant with its zone (2026-03-01T09:30:00Z), not "soon"');
  }, 120_000);
});

describe("backorder stock import", () => {
  it("regression: a row at an unconfigured location was applied silently; it is skipped and reported like other bad rows", async () => {
    const file = path.join(world.dir, "stock.csv");
    writeFileSync(file, ["sku,location,on_hand", "SKU-A,main,5", "SKU-X,nowhere,2", "SKU-B,main,oops"].join("\n"));
    const r = await world.cli(["stock", "import", file, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      file, imported: 1, ordersReevaluated: 0,
      skipped: [
        { ref: "stock.csv: row 3", code: "STOCK.UNKNOWN_LOCATION", reason: 'SKU-X: location "nowhere" is not in the configuration (locations: main)' },
        { ref: "stock.csv: row 4", code: "STOCK.BAD_QUANTITY", reason: 'SKU-B: on_hand "oops" is not an integer' },
      ],
    });
    const levels = await world.conn.collection("stock_levels").find({}).toArray();
    expect(levels.map((l) => `${l.sku}@${l.location}=${l.onHand}`)).toEqual(["SKU-A@main=5"]);
  }, 120_000);
});
