import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import { ConfigError } from "../../../src/config/problems.js";

const shipped = new URL("../../../config", import.meta.url).pathname;

const copyOfShipped = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "bo-config-"));
  cpSync(shipped, dir, { recursive: true });
  return dir;
};

const problemsOf = (dir: string) => {
  try {
    loadConfig(dir);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected the configuration to be rejected");
};

describe("loadConfig", () => {
  it("loads the shipped configuration with defaults filled in", () => {
    const config = loadConfig(shipped);
    expect(config.channels.map((c) => c.id).sort()).toEqual(["amazon-eu", "shopify-main"]);
    expect(config.vendors.map((v) => v.transport.kind).sort()).toEqual(["email", "http", "sftp"]);
    const shopify = config.channels.find((c) => c.kind === "shopify");
    expect(shopify?.poll.overlapSeconds).toBe(300);
    expect(config.app.server.host).toBe("127.0.0.1");
    expect(Object.isFrozen(config.channels[0])).toBe(true);
  });

  it("refuses a config folder that does not exist instead of loading nothing", () => {
    const missing = join(tmpdir(), "bo-config-missing-folder");
    expect(problemsOf(missing)).toEqual([{ file: missing, path: "", message: "no such config folder" }]);
  });

  it("reports three distinct mistakes in two files at once, each with file and path", () => {
    const dir = copyOfShipped();
    const channel = join(dir, "channels", "shopify-main.yaml");
    writeFileSync(
      channel,
      [
        "kind: shopify",
        "id: shopify-main",
        "shopDomain: x.myshopify.com",
        "baseUrl: http://127.0.0.1:1",
        "accessTokenEnv: SHOPIFY_TOKEN",
        "webhookSecretEnv: SHOPIFY_SECRET",
        "poll: { pageSize: 500 }", // mistake 1: above the API maximum of 250
        "budgetShere: 0.5", // mistake 2: a typo must not be ignored
      ].join("\n"),
    );
    const vendor = join(dir, "vendors", "acme-supplies.yaml");
    writeFileSync(
      vendor,
      [
        "id: acme-supplies",
        "name: Acme",
        "currency: usd", // mistake 3: not an ISO code
        "transport: { kind: http, url: 'http://127.0.0.1:1/po', signingSecretEnv: ACME_SECRET }",
        "schedule: { cron: '0 14 * * *' }",
      ].join("\n"),
    );
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: channel, path: "poll.pageSize", message: expect.stringContaining("found number 500") }),
        expect.objectContaining({ file: channel, path: "budgetShere", message: expect.stringContaining("unknown key") }),
        expect.objectContaining({ file: vendor, path: "currency", message: expect.stringContaining('found string "usd"') }),
      ]),
    );
  });

  it("refuses a secret value where an environment variable name belongs", () => {
    const dir = copyOfShipped();
    const vendor = join(dir, "vendors", "acme-supplies.yaml");
    writeFileSync(
      vendor,
      "id: acme-supplies\nname: Acme\ncurrency: USD\nschedule: { cron: '0 14 * * *' }\n" +
        "transport: { kind: http, url: 'http://127.0.0.1:1/po', signingSecretEnv: 'sk_live_abc123' }\n",
    );
    const problems = problemsOf(dir);
    expect(problems).toEqual([
      expect.objectContaining({ path: "transport.signingSecretEnv", message: expect.stringContaining("NAME of an environment variable") }),
    ]);
  });

  it("names a file that is not YAML and a file whose id differs from its name", () => {
    const dir = copyOfShipped();
    writeFileSync(join(dir, "vendors", "broken.yaml"), "id: [unclosed\n");
    writeFileSync(
      join(dir, "vendors", "other-name.yaml"),
      "id: gamma-two\nname: G\ncurrency: USD\nschedule: { cron: '0 1 * * *' }\ntransport: { kind: http, url: 'http://127.0.0.1:1/', signingSecretEnv: G_SECRET }\n",
    );
    const problems = problemsOf(dir);
    expect(problems.map((p) => [p.file.split("/").pop(), p.path])).toEqual(
      expect.arrayContaining([
        ["broken.yaml", ""],
        ["other-name.yaml", "id"],
      ]),
    );
  });
});
