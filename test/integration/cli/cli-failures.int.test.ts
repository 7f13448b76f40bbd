import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifyEmulator } from "../../../src/emulators/shopify/shopify.emulator.js";
import { cliWorld, closedPort } from "./cli-harness.js";

// How `backorder` reports expected failures and usage errors, as an operator sees them in a terminal.
let world: Awaited<ReturnType<typeof cliWorld>>;
let emulator: Awaited<ReturnType<typeof startShopifyEmulator>>;
const TOKEN = "shpat_right_token_1234";
const WRONG = "shpat_wrong_token_5678";
const STACK = /^\s+at /m;

/** A copy of the shipped Shopify channel under another id and base URL. */
const channel = (id: string, baseUrl: string): void => {
  const text = readFileSync(path.join(world.configDir, "channels", "shopify-main.yaml"), "utf8");
  writeFileSync(path.join(world.configDir, "channels", `${id}.yaml`), text.replace(/^id: .*$/m, `id: ${id}`).replace(/^baseUrl: .*$/m, `baseUrl: ${baseUrl}`));
};

beforeAll(async () => {
  world = await cliWorld("cli_fail");
  emulator = await startShopifyEmulator({ port: 0, orders: [], accessToken: TOKEN });
  channel("shopify-up", emulator.url);
  channel("shopify-down", `http://127.0.0.1:${await closedPort()}`);
});
afterAll(async () => {
  await emulator?.close();
  await world?.cleanup();
});

describe("backorder sync failures", () => {
  it("regression: expected failures printed Node stack traces; each is one line with its code, verdict and exit code", async () => {
    const [noToken, auth, down] = await Promise.all([
      world.cli(["sync", "--channel", "shopify-up", "--once"], { SHOPIFY_MAIN_ACCESS_TOKEN: "" }),
      world.cli(["sync", "--channel", "shopify-up", "--once"], { SHOPIFY_MAIN_ACCESS_TOKEN: WRONG }),
      world.cli(["sync", "--channel", "shopify-down", "--once"], { SHOPIFY_MAIN_ACCESS_TOKEN: TOKEN }),
    ]);
    expect(noToken).toMatchObject({ code: 1, stderr: "backorder sync: [SHOPIFY.CONFIG] environment variable SHOPIFY_MAIN_ACCESS_TOKEN is not set (retry will not help)\n" });
    expect(auth.code).toBe(1);
    expect(auth.stderr).toMatch(/^backorder sync: \[SHOPIFY\.AUTH\] SHOPIFY answered HTTP 401 .*\(retry will not help\)\n$/);
    expect(down.code).toBe(75);
    expect(down.stderr).toMatch(/^backorder sync: \[SHOPIFY\.NETWORK\] SHOPIFY unreachable: ECONNREFUSED .*\(temporary: retrying may help\)\n$/);
  }, 120_000);

  it("names an unknown channel and the ones there are (exit 2)", async () => {
    const r = await world.cli(["sync", "--channel", "nope", "--once"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^backorder sync: no channel "nope" in .*channels \(channels: amazon-eu, shopify-down, shopify-main, shopify-up\)\n$/);
    expect(r.stderr).not.toMatch(STACK);
  }, 120_000);

  it("prints the stack only with BACKORDER_DEBUG=1, and never the token, not even in the cause chain", async () => {
    const r = await world.cli(["sync", "--channel", "shopify-up", "--once"], { SHOPIFY_MAIN_ACCESS_TOKEN: WRONG, BACKORDER_DEBUG: "1" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(STACK);
    expect(`${r.stdout}${r.stderr}`).not.toContain(WRONG);
  }, 120_000);

  it("takes --since as a calendar date (that day, 00:00Z) and syncs", async () => {
    const r = await world.cli(["sync", "--channel", "shopify-up", "--once", "--since", "2025-05-11"], { SHOPIFY_MAIN_ACCESS_TOKEN: TOKEN });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("shopify-up: page 1");
  }, 120_000);
});

describe("usage errors", () => {
  it("regression: a subcommand's usage error was followed by the whole program's help; now by a hint to its own", async () => {
    const cases: [string[], string][] = [
      [["sync", "--channel", "shopify-up", "--since", "bogus"], "backorder sync: --since must be a date"],
      [["sync", "--channel", "shopify-up", "--interval-seconds", "soon"], "backorder sync: option '--interval-seconds <n>' argument 'soon' is invalid"],
      [["sync"], "backorder sync: required option '--channel <id>' not specified"],
      [["emulate", "bogus"], "backorder emulate: command-argument value 'bogus' is invalid"],
      [["po", "receive", "PO-1"], "backorder po receive: --sku is required; --qty is required"],
      [["stock", "import"], "backorder stock import: missing required argument 'file'"],
      [["report", "--since", "2025-02-30"], "backorder report: --since must be a date"],
      [["events"], "backorder events: give exactly one of --order CHANNEL:ID or --po PO"],
      // Regression: `start --port abc` went on with port NaN; `--role bogus` printed "start: unknown role(s)" without `backorder`.
      [["start", "--port", "abc"], "backorder start: option '--port <port>' argument 'abc' is invalid. Expected a whole number"],
      [["start", "--port", "70000"], "backorder start: option '--port <port>' argument '70000' is invalid. Expected a port from 0 to 65535"],
      [["start", "--role", "worker", "bogus"], "backorder start: option '--role <role...>' argument 'bogus' is invalid. Allowed choices are server, worker, scheduler."],
      [["emulate", "shopify", "--port", "x"], "backorder emulate: option '--port <n>' argument 'x' is invalid"],
    ];
    const results = await Promise.all(cases.map(([args]) => world.cli(args)));
    results.forEach((r, i) => {
      const [args, first] = cases[i] as [string[], string];
      const command = args[0] === "po" || args[0] === "stock" ? args.slice(0, 2).join(" ") : args[0];
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.startsWith(first), r.stderr).toBe(true);
      expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(`see backorder ${command} --help`);
      expect(r.stderr).not.toContain("Commands:");
    });
  }, 180_000);

  it("regression: import, report and demo printed zod's words after the key (`--orders: Expected number, received nan`); they name the flag", async () => {
    const csv = path.join(world.dir, "orders.csv");
    writeFileSync(csv, "Name\n");
    const [orders, seed, fraction, channelId] = await Promise.all([
      world.cli(["demo", "--orders", "abc"]),
      world.cli(["demo", "--seed", "-1"]),
      world.cli(["demo", "--orders", "1.5"]),
      world.cli(["import", "shopify-orders", csv, "--channel", "Shopify Main"]),
    ]);
    expect(orders).toMatchObject({ code: 2, stderr: "backorder demo: --orders must be a number\nsee backorder demo --help\n" });
    expect(seed).toMatchObject({ code: 2, stderr: "backorder demo: --seed must be at least 0\nsee backorder demo --help\n" });
    expect(fraction).toMatchObject({ code: 2, stderr: "backorder demo: --orders must be a whole number\nsee backorder demo --help\n" });
    expect(channelId.code).toBe(2);
    expect(channelId.stderr).toBe(
      "backorder import shopify-orders: --channel must be a channel id such as shopify-main (lower case, digits, '-')\nsee backorder import shopify-orders --help\n",
    );
  }, 120_000);

  it("regression: `po receive PO-1 --sku X` said only 'Required'; the option is named, and so is what it must be", async () => {
    const [noQty, badQty] = await Promise.all([
      world.cli(["po", "receive", "PO-1", "--sku", "X"]),
      world.cli(["po", "receive", "PO-1", "--sku", "X", "--qty", "1.5"]),
    ]);
    expect(noQty.stderr).toBe("backorder po receive: --qty is required\nsee backorder po receive --help\n");
    expect(badQty.stderr).toBe("backorder po receive: --qty must be a positive whole number\nsee backorder po receive --help\n");
  }, 120_000);
});
