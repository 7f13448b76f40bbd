import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliWorld, repoRoot } from "./cli-harness.js";

// `backorder emulate shopify|amazon` as an operator uses it: start it, paste the export lines it
// prints, and the shipped channel config syncs from it.
let world: Awaited<ReturnType<typeof cliWorld>>;
const children: ChildProcess[] = [];

/** Starts `backorder emulate ARGS` and resolves with its stdout once `until` matches (or the process ended). */
const emulate = (args: string[], until: RegExp): Promise<{ out: string; err: string; code: number | null }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"), "src/cli/main.ts", "emulate", ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    let err = "";
    const done = (code: number | null) => resolve({ out, err, code });
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) done(null);
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => done(code));
  });

const exportsOf = (out: string): NodeJS.ProcessEnv =>
  Object.fromEntries([...out.matchAll(/^\s*export (\w+)=(.*)$/gm)].map(([, k, v]) => [k, (v ?? "").replace(/^'(.*)'$/, "$1").replaceAll("'\\''", "'")]));
const urlOf = (out: string): string => /emulator on (http:\/\/[\d.:]+)/.exec(out)?.[1] ?? "";

/** The world's copy of a shipped channel file, pointed at where the emulator listens. */
const pointAt = (id: string, shippedUrl: string, url: string): void => {
  const file = path.join(world.configDir, "channels", `${id}.yaml`);
  writeFileSync(file, readFileSync(file, "utf8").replaceAll(shippedUrl, url));
};

beforeAll(async () => {
  world = await cliWorld("cli_emulate");
});
afterAll(async () => {
  for (const c of children) c.kill("SIGTERM");
  await world?.cleanup();
});

describe("backorder emulate", () => {
  it("regression: the shopify emulator gave no variable names; its export lines let the shipped shopify-main sync from it", async () => {
    const emu = await emulate(["shopify", "--port", "0", "--count", "3"], /export SHOPIFY_MAIN_WEBHOOK_SECRET=.*\n(.*\n)?/);
    expect(emu.out).toContain("  export SHOPIFY_MAIN_ACCESS_TOKEN=shpat_emulator\n");
    expect(emu.out).toContain("note: the shipped config expects port 8081");
    pointAt("shopify-main", "http://127.0.0.1:8081", urlOf(emu.out));
    const sync = await world.cli(["sync", "--channel", "shopify-main", "--once"], { ...exportsOf(emu.out) });
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/shopify-main: page 1.*3/);
  }, 120_000);

  it("regression: the amazon emulator's credentials were not named by variable; pasted as printed (a '|' quoted), amazon-eu syncs", async () => {
    const emu = await emulate(["amazon", "--port", "0", "--count", "2"], /export AMAZON_EU_REFRESH_TOKEN=.*\n(.*\n)?/);
    expect(emu.out).toContain("  export AMAZON_EU_REFRESH_TOKEN='Atzr|emulator'\n");
    pointAt("amazon-eu", "http://127.0.0.1:8082", urlOf(emu.out));
    const sync = await world.cli(["sync", "--channel", "amazon-eu", "--once"], { ...exportsOf(emu.out) });
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toContain("amazon-eu: page 1");
  }, 120_000);

  it("listens on the shipped config's port by default (or says that port is taken)", async () => {
    const emu = await emulate(["shopify", "--count", "1"], /export SHOPIFY_MAIN_WEBHOOK_SECRET/);
    if (emu.code === null) {
      expect(urlOf(emu.out)).toBe("http://127.0.0.1:8081");
      expect(emu.out).not.toContain("note:");
    } else {
      expect(emu.err).toMatch(/^backorder emulate: \[EMULATE\.PORT_IN_USE\] port 8081 on 127\.0\.0\.1 is in use/);
    }
  }, 60_000);
});
