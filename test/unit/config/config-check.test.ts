import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../../..", import.meta.url).pathname;
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "src/cli/main.ts"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });

describe("backorder config check", { timeout: 30_000 }, () => {
  it("passes on the shipped config and never prints a secret's value", () => {
    const secret = "shpat_this-is-a-secret-value-1234";
    const result = run(["config", "check", "--config-dir", join(root, "config")], { SHOPIFY_MAIN_ACCESS_TOKEN: secret });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("config OK: 2 channel(s), 3 vendor(s)");
    expect(result.stdout).toContain("SHOPIFY_MAIN_ACCESS_TOKEN (channel shopify-main.accessTokenEnv): set, ****");
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it("fails clearly on a broken config", () => {
    const dir = mkdtempSync(join(tmpdir(), "bo-check-"));
    cpSync(join(root, "config"), dir, { recursive: true });
    writeFileSync(join(dir, "default.yaml"), "server:\n  port: -1\n  hots: 0.0.0.0\n");
    const result = run(["config", "check", "--config-dir", dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("2 problem(s)");
    expect(result.stderr).toContain(`${join(dir, "default.yaml")}: server.port: expected`);
    expect(result.stderr).toContain("server.hots: unknown key");
  });
});
