import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { startShopifyEmulator } from "../../src/emulators/shopify/shopify.emulator.js";
import { startHttpSupplierPeer } from "../../src/emulators/supplier/http-supplier.peer.js";
import { startService } from "../../src/main.js";
import { pipelineEnv, type PipelineEnvOptions } from "./pipeline-env.js";

const run = promisify(execFile);

/**
 * A Shopify emulator, an HTTP supplier peer and the service with the worker role, on a config,
 * database and queue prefix of the test's own; `csvImport` runs `backorder <command> import` on a
 * CSV it writes into the config folder, as an operator would, in a child process.
 */
export const startWorkerWorld = async (opts: Pick<PipelineEnvOptions, "concurrency"> = {}) => {
  const shopify = await startShopifyEmulator({ port: 0, orders: [], accessToken: "shpat_emulator" });
  const supplier = await startHttpSupplierPeer({ port: 0, signingSecret: "peer-secret" });
  const { dir, env } = pipelineEnv({ shopifyUrl: shopify.url, supplierUrl: supplier.url, ...opts });
  const service = await startService({ roles: ["worker"], configDir: dir, env });
  const csvImport = async <T>(command: "catalog" | "stock", header: string, rows: readonly string[]): Promise<T> => {
    const file = path.join(dir, command === "catalog" ? "offers.csv" : "stock.csv");
    writeFileSync(file, [header, ...rows].join("\n"));
    const r = await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", command, "import", file, "--json", "--config-dir", dir], { env, timeout: 90_000 });
    return JSON.parse(r.stdout) as T;
  };
  const stop = async (): Promise<void> => {
    await service.conn.dropDatabase().catch(() => undefined);
    await service.stop();
    await supplier.close();
    await shopify.close();
  };
  return { shopify, supplier, service, dir, env, csvImport, stop };
};

export type WorkerWorld = Awaited<ReturnType<typeof startWorkerWorld>>;
