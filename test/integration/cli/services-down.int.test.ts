import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliWorld, closedPort, shared, type CliResult } from "./cli-harness.js";

// One-shot commands when Redis or MongoDB does not answer, as an operator (or cron) sees them.
let world: Awaited<ReturnType<typeof cliWorld>>;
let closed: number;

const timed = async (run: Promise<CliResult>): Promise<CliResult & { seconds: number }> => {
  const start = Date.now();
  const r = await run;
  return { ...r, seconds: (Date.now() - start) / 1000 };
};

beforeAll(async () => {
  world = await cliWorld("cli_down");
  closed = await closedPort();
  writeFileSync(path.join(world.dir, "stock.csv"), "sku,location,on_hand\nSKU-1,main,5\n");
  writeFileSync(path.join(world.dir, "offers.csv"), "sku,vendor,vendor_sku,unit_cost,currency,moq,case_pack,lead_time_days,preferred,dropship\nSKU-1,acme-supplies,A-1,1.00,USD,1,1,2,true,false\n");
});
afterAll(async () => world?.cleanup());

const COMMANDS: string[][] = [
  ["po", "list"], ["events", "--po", "PO-1"], ["report"], ["queues"], ["orders", "show", "shopify-main:1"],
  ["stock", "import", "stock.csv"], ["catalog", "import", "offers.csv"], ["sync", "--channel", "shopify-main", "--once"],
  ["import", "shopify-orders", path.join(shared, "data/shopify/orders_export_devstore.csv"), "--channel", "shopify-main"],
];
const nameOf = (args: string[]): string => (["po", "stock", "catalog", "orders", "import"].includes(args[0] as string) ? args.slice(0, 2) : args.slice(0, 1)).join(" ");
const withFiles = (args: string[]): string[] => args.map((a) => (/^\w+\.csv$/.test(a) ? path.join(world.dir, a) : a));

describe("services that do not answer", () => {
  it("regression: with Redis down every command hung printing '[ioredis] Unhandled error event'; each ends in seconds, one line, exit 75", async () => {
    // Two at a time: the bound is on each command, not on how fast this machine starts many at once.
    for (let i = 0; i < COMMANDS.length; i += 2) {
      const batch = COMMANDS.slice(i, i + 2);
      const results = await Promise.all(batch.map((args) => timed(world.cli(withFiles(args), { REDIS_URL: `redis://127.0.0.1:${closed}`, SHOPIFY_MAIN_ACCESS_TOKEN: "shpat_x" }))));
      results.forEach((r, j) => {
        const args = batch[j] as string[];
        expect(r.stderr, args.join(" ")).toMatch(
          new RegExp(`^backorder ${nameOf(args)}: \\[REDIS\\.UNREACHABLE\\] Redis at 127\\.0\\.0\\.1:${closed} is unreachable: connect ECONNREFUSED [^\\n]* \\(temporary: retrying may help\\)\\n$`),
        );
        expect(r.code, args.join(" ")).toBe(75);
        expect(r.seconds, args.join(" ")).toBeLessThan(15);
      });
    }
  }, 240_000);

  it("MongoDB down: one line naming the server (never its credentials), exit 75", async () => {
    const uri = `mongodb://ops:s3cret-pw@127.0.0.1:${closed}/`;
    const [po, stock] = await Promise.all([
      timed(world.cli(["po", "list"], { MONGODB_URI: uri })),
      timed(world.cli(withFiles(["stock", "import", "stock.csv"]), { MONGODB_URI: uri })),
    ]);
    for (const [name, r] of [["po list", po], ["stock import", stock]] as const) {
      expect(r.stderr).toMatch(new RegExp(`^backorder ${name}: \\[MONGODB\\.UNREACHABLE\\] MongoDB at 127\\.0\\.0\\.1:${closed} is unreachable: [^\\n]* \\(temporary: retrying may help\\)\\n$`));
      expect(r.stderr).not.toContain("s3cret-pw");
      expect(r.code).toBe(75);
      expect(r.seconds).toBeLessThan(15);
    }
  }, 120_000);
});
