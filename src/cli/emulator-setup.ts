/**
 * What the shipped configuration (config/channels/*.yaml, config/vendors/*.yaml) expects of each
 * local stand-in: the port its URLs name and the secrets its *Env keys name. `backorder emulate`
 * listens on that port by default and prints the values, so the shipped config talks to it as it
 * is. Written out rather than read from the files, so a broken or edited config cannot stop an
 * emulator; emulator-setup.test.ts holds them to the files. `config` names where the secrets'
 * variables are named, `file` where the port is.
 */
export const SHIPPED = {
  shopify: { config: "config/channels/shopify-main.yaml", file: "config/channels/shopify-main.yaml", port: 8081, env: { accessToken: "SHOPIFY_MAIN_ACCESS_TOKEN", webhookSecret: "SHOPIFY_MAIN_WEBHOOK_SECRET" } },
  amazon: { config: "config/channels/amazon-eu.yaml", file: "config/channels/amazon-eu.yaml", port: 8082, env: { clientId: "AMAZON_EU_CLIENT_ID", clientSecret: "AMAZON_EU_CLIENT_SECRET", refreshToken: "AMAZON_EU_REFRESH_TOKEN" } },
  supplier: {
    config: "config/vendors/*.yaml", file: "config/vendors/acme-supplies.yaml", port: 8083, smtpPort: 2525, sftpPort: 2222, sftpUser: "merchant",
    env: { signingSecret: "ACME_SIGNING_SECRET", smtpUser: "SMTP_USER", smtpPassword: "SMTP_PASSWORD", sftpPassword: "GAMMA_SFTP_PASSWORD" },
  },
} as const;
export type EmulatorKind = keyof typeof SHIPPED;

/** Values only the emulators accept; never read from the environment, where real secrets may be. */
export const EMULATOR_SECRETS = {
  shopifyToken: "shpat_emulator",
  shopifyWebhookSecret: "emulator-webhook-secret",
  supplierSigningSecret: "peer-secret",
  smtpUser: "merchant",
  smtpPassword: "emulator-smtp-password",
  sftpPassword: "peer-password",
} as const;

/** --port when given (0 = any free port), else the shipped config's. */
export const emulatorPort = (kind: EmulatorKind, port: number | undefined): number => port ?? SHIPPED[kind].port;

// `Atzr|emulator` pasted unquoted would pipe into a command named "emulator".
const quote = (value: string): string => (/^[\w./:@%+=,-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`);

/** Lines to paste into the shell that runs `backorder`, and a warning when the port is not the shipped one. */
export const setupLines = (kind: EmulatorKind, url: string, vars: Record<string, string>): string[] => {
  const { config, file, port } = SHIPPED[kind];
  const actual = Number(new URL(url).port);
  return [
    `for the shipped config (${config}), emulator-only values:`,
    ...Object.entries(vars).map(([name, value]) => `  export ${name}=${quote(value)}`),
    ...(actual === port ? [] : [`note: the shipped config expects port ${port}; this emulator is on ${actual}, so point ${file} at ${url}`]),
  ];
};
