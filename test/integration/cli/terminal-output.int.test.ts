import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SalesOrder } from "../../../src/domain/order.js";
import { createAesGcmAddressCipher, parseAddressKey } from "../../../src/persistence/orders/address-cipher.js";
import { createOrderRepository } from "../../../src/persistence/orders/order.repository.js";
import { createQuarantineRepository } from "../../../src/persistence/orders/quarantine.repository.js";
import { createPurchaseOrderRepository } from "../../../src/persistence/pipeline/purchase-order.repository.js";
import { cliWorld, repoRoot } from "./cli-harness.js";
import { MONGODB_URI, REDIS_URL } from "../../support/services.js";
import { seedPo } from "./seed.js";

// What reaches an operator's terminal when channel data or arguments carry control characters,
// when the address key is wrong, and when the reader of stdout goes away.
let world: Awaited<ReturnType<typeof cliWorld>>;
const HOSTILE = "Snow\u001b[2J\u001b[31mboard\u001b]0;owned\u0007 \rFAKE";
const SHOWN = "Snow\\x1b[2J\\x1b[31mboard\\x1b]0;owned\\x07 \\rFAKE";
// Control characters other than the layout's newline.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const ADDRESS = { name: "Ada Lovelace", line1: "1 Main St", city: "London", postalCode: "N1 7AA", country: "GB" };

beforeAll(async () => {
  world = await cliWorld("cli_term");
  const cipher = createAesGcmAddressCipher(parseAddressKey(world.addressKey));
  const order: SalesOrder = {
    channel: "shopify-main", externalId: "666", orderNumber: `#666${HOSTILE}`, placedAt: "2026-03-01T10:00:00.000Z", channelUpdatedAt: "2026-03-01T10:00:00.000Z",
    status: "open", fulfilment: "merchant", currency: "USD", shipTo: ADDRESS,
    lines: [{ lineId: "L1", sku: `SKU${HOSTILE}`, title: HOSTILE, ordered: 1, cancelled: 0, fulfilled: 0, kind: "stock", flags: [] }],
  };
  await createOrderRepository(world.conn, cipher).upsertOrder(order);
  const po = await seedPo(world.conn, world.addressKey, { poNumber: "PO-TERM-1", vendor: "acme-supplies", state: "issued", skus: [{ sku: `SKU${HOSTILE}`, quantity: 1 }], delivery: { state: "failed", lastError: HOSTILE } });
  // A drop-ship PO: its ship-to is a sealed customer address.
  await createPurchaseOrderRepository(world.conn, cipher).insertIfAbsent({ ...po, poNumber: "PO-TERM-2", batchKey: "acme-supplies|PO-TERM-2", shipTo: { kind: "customer", order: "shopify-main:666", address: ADDRESS } });
  await createQuarantineRepository(world.conn).add({ channel: "shopify-main", source: "sync", ref: `#7${HOSTILE}`, reason: `SHOPIFY.SCHEMA: ${HOSTILE}`, payload: { title: HOSTILE, c1: "\u009b2J" } });
}, 120_000);
afterAll(async () => world?.cleanup());

describe("control characters in CLI output", () => {
  it("regression: `orders show` of an order whose line title holds ESC/BEL/CR cleared the screen and set the title; now every value is shown escaped", async () => {
    const r = await world.cli(["orders", "show", "shopify-main:666"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain(`— ${SHOWN}\n`);
    expect(r.stdout).toContain(`L1 SKU${SHOWN} ×1`);
    // --json stays JSON: the original value round-trips.
    const json = await world.cli(["orders", "show", "shopify-main:666", "--json"]);
    expect(JSON.parse(json.stdout).lines[0].title).toBe(HOSTILE);
  }, 120_000);

  it("po show/list, quarantine list/show, events and report print data escaped", async () => {
    const runs = await Promise.all([
      world.cli(["po", "show", "PO-TERM-1"]), world.cli(["po", "list"]), world.cli(["quarantine", "list"]), world.cli(["events", "--po", "PO-TERM-1"]), world.cli(["report"]),
    ]);
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stderr).toBe("");
    }
    const [show, , list] = runs;
    expect(show?.stdout).toContain(`last error: ${SHOWN}`);
    expect(list?.stdout).toContain(`SHOPIFY.SCHEMA: ${SHOWN}`);
    const id = (list?.stdout ?? "").split(" ")[0] as string;
    const entry = await world.cli(["quarantine", "show", id]);
    expect(entry.code, entry.stderr).toBe(0);
    expect(entry.stdout).not.toMatch(RAW);
    expect(entry.stdout).toContain("\\x9b2J");
  }, 120_000);

  it("regression: error lines echoed arguments raw (`purchase order ^[[2J… does not exist`); now escaped, commander's own errors too", async () => {
    const [po, order, unknown] = await Promise.all([
      world.cli(["po", "show", "\u001b[2J\u001b]0;owned\u0007PO"]),
      world.cli(["events", "--order", "shopify-main:\u001b[2J"]),
      world.cli(["po", "show", "PO-TERM-1", "--bogus\u001b[2J"]),
    ]);
    expect(po).toMatchObject({ code: 2, stdout: "", stderr: "backorder po show: purchase order \\x1b[2J\\x1b]0;owned\\x07PO does not exist\n" });
    expect(order).toMatchObject({ code: 2, stderr: "backorder events: order shopify-main:\\x1b[2J does not exist\n" });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--bogus\\x1b[2J");
    expect(unknown.stderr).not.toMatch(RAW);
  }, 120_000);
});

describe("a wrong BACKORDER_ADDRESS_KEY", () => {
  it("regression: failed with a bare 'Unsupported state or unable to authenticate data'; now [CONFIG.ADDRESS_KEY_MISMATCH], exit 1, the key never printed", async () => {
    const wrong = randomBytes(32).toString("base64");
    const runs = await Promise.all([["orders", "show", "shopify-main:666"], ["po", "list"], ["report", "--json"]].map((args) => world.cli(args, { BACKORDER_ADDRESS_KEY: wrong })));
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^backorder [a-z ]+: \[CONFIG\.ADDRESS_KEY_MISMATCH\] stored addresses were sealed with another BACKORDER_ADDRESS_KEY.*\(retry will not help\)\n$/);
      expect(`${r.stdout}${r.stderr}`).not.toContain(wrong);
      expect(r.stderr).not.toContain("authenticate data");
    }
  }, 120_000);
});

/** Runs the CLI with its stdout's reading end closed at once, as `| head -c 0` would. */
const withClosedStdout = (args: string[]): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"), "src/cli/main.ts", ...args], {
      cwd: repoRoot, env: { ...process.env, MONGODB_URI, REDIS_URL, MONGODB_DB: world.dbName, BACKORDER_CONFIG_DIR: world.configDir, BACKORDER_ADDRESS_KEY: world.addressKey, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });

describe("a closed stdout", () => {
  it("regression: `config check | head -c 100` crashed with `write EPIPE … Unhandled 'error' event` and a stack; now every command ends quietly", async () => {
    const runs = await Promise.all([["config", "check", "--config-dir", world.configDir], ["po", "list"], ["orders", "show", "shopify-main:666"], ["--help"]].map(withClosedStdout));
    for (const r of runs) {
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
  }, 120_000);
});
