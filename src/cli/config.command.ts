import type { Command } from "commander";
import { stringify } from "yaml";
import { loadConfig } from "../config/load-config.js";
import { ConfigError, formatProblem } from "../config/problems.js";
import { secretReferences } from "../config/secrets.js";
import { printable } from "./ops/printable.js";

/**
 * `backorder config check`: prints the effective configuration (defaults filled in) and, for each
 * secret, only the name of its environment variable and whether it is set — never the value.
 */
export const registerConfigCommand = (program: Command): void => {
  const config = program.command("config").description("Configuration tools");
  config
    .command("check")
    .description("Check every config file and print the effective configuration with secrets masked")
    .option("--config-dir <dir>", "configuration folder", process.env.BACKORDER_CONFIG_DIR ?? "config")
    .option("--require-secrets", "fail when a referenced secret is not set in the environment")
    .action((opts: { configDir: string; requireSecrets?: boolean }) => {
      try {
        const loaded = loadConfig(opts.configDir);
        const refs = secretReferences(loaded);
        const missing = refs.filter((r) => !process.env[r.env]);
        process.stdout.write(stringify({ app: loaded.app, channels: loaded.channels, vendors: loaded.vendors }));
        process.stdout.write("\nsecrets (environment variables):\n");
        for (const r of refs) process.stdout.write(`  ${r.env} (${r.usedBy}): ${process.env[r.env] ? "set, ****" : "NOT SET"}\n`);
        if (opts.requireSecrets && missing.length > 0) {
          process.stderr.write(`config: ${missing.length} secret(s) not set: ${missing.map((m) => m.env).join(", ")}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`config OK: ${loaded.channels.length} channel(s), ${loaded.vendors.length} vendor(s) in ${printable(opts.configDir)}\n`);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`config: ${err.problems.length} problem(s):\n`);
        for (const p of err.problems) process.stderr.write(`  ${printable(formatProblem(p))}\n`);
        process.exitCode = 1;
      }
    });
};
