import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/load-config.js";
import { emulatorPort, SHIPPED, setupLines } from "./emulator-setup.js";

const shipped = loadConfig(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../config"));
const portOf = (url: string): number => Number(new URL(url).port);
const channel = (id: string) => shipped.channels.find((c) => c.id === id);
const transport = (id: string) => shipped.vendors.find((v) => v.id === id)?.transport;

describe("what the shipped config expects of the emulators", () => {
  // Regression: `emulate shopify|amazon` listened on a random port and printed no variable names,
  // so the shipped config (8081, 8082, SHOPIFY_MAIN_ACCESS_TOKEN, ...) could not reach them as it is.
  it("names the ports and variables of config/channels", () => {
    const shopify = channel("shopify-main");
    const amazon = channel("amazon-eu");
    if (shopify?.kind !== "shopify" || amazon?.kind !== "amazon") throw new Error("shipped channels changed kind");
    expect(portOf(shopify.baseUrl)).toBe(SHIPPED.shopify.port);
    expect([shopify.accessTokenEnv, shopify.webhookSecretEnv]).toEqual([SHIPPED.shopify.env.accessToken, SHIPPED.shopify.env.webhookSecret]);
    expect([portOf(amazon.endpoint), portOf(amazon.lwaEndpoint)]).toEqual([SHIPPED.amazon.port, SHIPPED.amazon.port]);
    expect([amazon.clientIdEnv, amazon.clientSecretEnv, amazon.refreshTokenEnv]).toEqual(Object.values(SHIPPED.amazon.env));
  });

  it("names the ports, user and variables of config/vendors", () => {
    const [http, email, sftp] = [transport("acme-supplies"), transport("beta-wholesale"), transport("gamma-edi")];
    if (http?.kind !== "http" || email?.kind !== "email" || sftp?.kind !== "sftp") throw new Error("shipped vendors changed transport");
    const { port, smtpPort, sftpPort, sftpUser, env } = SHIPPED.supplier;
    expect([portOf(http.url), http.signingSecretEnv]).toEqual([port, env.signingSecret]);
    expect([email.port, email.userEnv, email.passwordEnv]).toEqual([smtpPort, env.smtpUser, env.smtpPassword]);
    expect([sftp.port, sftp.username, sftp.passwordEnv]).toEqual([sftpPort, sftpUser, env.sftpPassword]);
  });

  it("listens on the shipped port unless --port says otherwise (0 = any free port)", () => {
    expect([emulatorPort("shopify", undefined), emulatorPort("amazon", undefined), emulatorPort("supplier", undefined)]).toEqual([8081, 8082, 8083]);
    expect(emulatorPort("shopify", 0)).toBe(0);
    expect(emulatorPort("amazon", 9000)).toBe(9000);
  });

  it("prints export lines a shell takes as they are, and where to point the config when the port differs", () => {
    expect(setupLines("amazon", "http://127.0.0.1:8082", { AMAZON_EU_CLIENT_ID: "amzn1.x", AMAZON_EU_REFRESH_TOKEN: "Atzr|it's" })).toEqual([
      "for the shipped config (config/channels/amazon-eu.yaml), emulator-only values:",
      "  export AMAZON_EU_CLIENT_ID=amzn1.x",
      "  export AMAZON_EU_REFRESH_TOKEN='Atzr|it'\\''s'",
    ]);
    expect(setupLines("shopify", "http://127.0.0.1:40001", {}).at(-1)).toBe(
      "note: the shipped config expects port 8081; this emulator is on 40001, so point config/channels/shopify-main.yaml at http://127.0.0.1:40001",
    );
  });
});
