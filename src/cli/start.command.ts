import { Option, type Command } from "commander";
import { portNumber } from "./ops/option-parsers.js";
import type { Role } from "../main.js";

const ROLES: Role[] = ["server", "worker", "scheduler"];

/**
 * `backorder start [--role server|worker|scheduler ...]`: every role in one process by default.
 * SIGTERM/SIGINT: stop taking work, let active jobs finish (bounded), close connections, exit 0.
 */
export const registerStartCommand = (program: Command): void => {
  program
    .command("start")
    .description("Run the service: HTTP server, queue workers and the scheduler (or the roles named)")
    // Choices make a wrong role a usage error like any other: `backorder start: …`, exit 2, --help hint.
    .addOption(new Option("--role <role...>", "roles to run; repeatable").choices(ROLES))
    .option("--config-dir <dir>", "configuration folder")
    .option("--port <port>", "HTTP port (overrides config; 0 = any free port)", portNumber)
    .action(async (opts: { role?: Role[]; configDir?: string; port?: number }) => {
      const roles = opts.role ?? ROLES;
      // Loaded on use, so other commands start fast and do not load the whole service.
      const { startService } = await import("../main.js");
      const service = await startService({ roles, configDir: opts.configDir, port: opts.port });
      service.deps.log.info({ roles, url: service.server?.url }, "backorder-worker started");
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        service.deps.log.info({ signal }, "stopping");
        service
          .stop()
          .then(() => process.exit(0))
          .catch((err: unknown) => {
            service.deps.log.error({ err }, "stop failed");
            process.exit(1);
          });
      };
      process.on("SIGTERM", () => stop("SIGTERM"));
      process.on("SIGINT", () => stop("SIGINT"));
    });
};
