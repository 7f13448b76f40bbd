import { ExitCode, UsageError } from "./cli-errors.js";
import { writeFailure } from "./error-output.js";

import type { Core } from "../../main.js";

export type { Core };

/** Writes the error (one line; see writeFailure) and sets the exit code it calls for. */
export const fail = (command: string, err: unknown): void => {
  process.exitCode = writeFailure(command, err);
};

/**
 * Runs a command body against the service core (stores and queues, no workers), then closes it.
 * main.ts is imported on use so commands that need no core keep working without it.
 */
export const withCore = async (command: string, opts: { configDir?: string | undefined }, body: (core: Core) => Promise<number | void>): Promise<void> => {
  const key = process.env.BACKORDER_ADDRESS_KEY;
  if (!key || Buffer.from(key, "base64").length !== 32) {
    process.stderr.write(
      `backorder ${command}: BACKORDER_ADDRESS_KEY is ${key ? "not 32 bytes of base64" : "not set"}. Customer addresses are stored encrypted with it; ` +
        "set it to 32 random bytes in base64 (openssl rand -base64 32), the same key the service uses.\n",
    );
    process.exitCode = ExitCode.usage;
    return;
  }
  let core: Core | undefined;
  try {
    const { openCore } = await import("../../main.js");
    // CLI output goes to stdout; the service's own log lines only when something is wrong.
    core = await openCore({ configDir: opts.configDir, env: { LOG_LEVEL: "warn", ...process.env }, oneShot: true });
    const code = await body(core);
    if (typeof code === "number") process.exitCode = code;
  } catch (err) {
    fail(command, err);
  } finally {
    await core?.close().catch(() => undefined);
  }
  // core.close() leaves the queues' Redis connections open (BullMQ does not close a connection it
  // was handed), which would keep a one-shot command alive: flush output, then end the process.
  await new Promise<void>((r) => process.stdout.write("", () => r()));
  process.exit(process.exitCode ?? 0);
};

/** Parses "channel:externalId" (the externalId may itself contain ':'). */
export const parseOrderRef = (text: string): { channel: string; externalId: string } => {
  const i = text.indexOf(":");
  if (i <= 0 || i === text.length - 1) throw new UsageError(`order reference ${JSON.stringify(text)} must be CHANNEL:ID (e.g. shopify-main:6634244374859)`);
  return { channel: text.slice(0, i), externalId: text.slice(i + 1) };
};

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
