import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer, connect } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The chaos run's own Redis and Mongo-wire server, so it can kill and restart them without
 * touching the shared ones on 6379 and 27017 that other test runs use.
 */

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = connect({ port, host: "127.0.0.1" });
    c.once("connect", () => (c.destroy(), resolve(true)));
    c.once("error", () => resolve(false));
  });

const waitPort = async (port: number, what: string, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await answers(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on ${port} within ${ms} ms`);
};

const exited = (p: ChildProcess): Promise<void> =>
  p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise((r) => p.once("exit", () => r()));

export interface PrivateService {
  name: string;
  port: number;
  url: string;
  /** SIGKILL (no clean shutdown) and start again on the same port and data folder. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const managed = async (name: string, port: number, url: string, start: () => ChildProcess): Promise<PrivateService> => {
  let proc = start();
  await waitPort(port, name);
  return {
    name, port, url,
    restart: async () => {
      proc.kill("SIGKILL");
      await exited(proc);
      proc = start();
      await waitPort(port, name);
    },
    stop: async () => {
      proc.kill("SIGTERM");
      await Promise.race([exited(proc), new Promise((r) => setTimeout(r, 3_000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    },
  };
};

/** redis-server with the production settings the README recommends (AOF everysec, noeviction). */
export const startPrivateRedis = async (dir: string): Promise<PrivateService> => {
  const port = await freePort();
  const data = join(dir, "redis");
  mkdirSync(data, { recursive: true });
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", data, "--appendonly", "yes", "--appendfsync", "everysec",
    "--maxmemory-policy", "noeviction", "--save", "", "--protected-mode", "yes"];
  return managed("redis", port, `redis://127.0.0.1:${port}`, () => spawn("redis-server", args, { stdio: "ignore" }));
};

export const FERRETDB_BIN = join(homedir(), ".cache/backorder-worker/ferretdb-v1.24.2/ferretdb");

/** FerretDB 1.24 on its SQLite backend, in a folder of the run's own. */
export const startPrivateFerret = async (dir: string): Promise<PrivateService> => {
  const port = await freePort();
  const debugPort = await freePort();
  const data = join(dir, "ferret");
  mkdirSync(data, { recursive: true });
  const args = [`--listen-addr=127.0.0.1:${port}`, `--debug-addr=127.0.0.1:${debugPort}`, "--telemetry=disable", "--handler=sqlite",
    `--sqlite-url=file:${data}/`, `--state-dir=${data}`, "--log-level=error"];
  return managed("ferretdb", port, `mongodb://127.0.0.1:${port}/`, () => spawn(FERRETDB_BIN, args, { stdio: "ignore" }));
};
