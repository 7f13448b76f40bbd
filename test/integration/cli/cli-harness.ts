import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { Queue } from "bullmq";
import { isolatedServices, MONGODB_URI, REDIS_URL } from "../../support/services.js";

const run = promisify(execFile);
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const shared = path.resolve(repoRoot, "../shared");

/** A local port nothing listens on (bound, then released): a service that is down. */
export const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A private world for one test file: its own database, queue prefix (set in a copy of the config
 * folder, the only place the prefix is read from) and address key; commands run as child processes.
 */
export const cliWorld = async (label: string) => {
  const services = await isolatedServices(label);
  const dir = mkdtempSync(path.join(tmpdir(), `cli-${label}-`));
  const configDir = path.join(dir, "config");
  cpSync(path.join(repoRoot, "config"), configDir, { recursive: true });
  const defaults = path.join(configDir, "default.yaml");
  writeFileSync(defaults, readFileSync(defaults, "utf8").replace(/^(\s+prefix:).*$/m, `$1 ${services.prefix}`));
  const addressKey = randomBytes(32).toString("base64");
  const env: NodeJS.ProcessEnv = {
    ...process.env, MONGODB_URI, REDIS_URL, MONGODB_DB: services.dbName, BACKORDER_CONFIG_DIR: configDir, BACKORDER_ADDRESS_KEY: addressKey, LOG_LEVEL: "warn",
  };
  const cli = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
    try {
      const r = await run(process.execPath, [path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"), "src/cli/main.ts", ...args], {
        cwd: repoRoot, env: { ...env, ...extraEnv }, maxBuffer: 32 * 1024 * 1024, timeout: 90_000,
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
  };
  const queues: Queue[] = [];
  const queue = (name: string): Queue => {
    const q = new Queue(name, { connection: { url: REDIS_URL }, prefix: services.prefix });
    queues.push(q);
    return q;
  };
  const cleanup = async (): Promise<void> => {
    await Promise.all(queues.map((q) => q.close()));
    await services.cleanup();
    rmSync(dir, { recursive: true, force: true });
  };
  return { ...services, dir, configDir, addressKey, cli, queue, cleanup };
};

/** RFC 4180 rows as records (written here, independent of the code under test). */
export const readCsvRecords = (file: string): Record<string, string>[] => {
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else cell += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  const [head = [], ...data] = rows.filter((r) => r.some((c) => c !== ""));
  return data.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ""])));
};
