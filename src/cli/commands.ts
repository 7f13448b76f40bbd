import type { Command } from "commander";
import { registerConfigCommand } from "./config.command.js";
import { registerImportCommand } from "./import.command.js";
import { registerCatalogCommand } from "./catalog.command.js";
import { registerStockCommand } from "./stock.command.js";
import { registerReportCommand } from "./report.command.js";
import { registerOrdersCommand } from "./ops/orders.command.js";
import { registerPoCommand } from "./ops/po.command.js";
import { registerQuarantineCommand } from "./ops/quarantine.command.js";
import { registerQueuesCommand } from "./ops/queues.command.js";
import { registerEventsCommand } from "./ops/events.command.js";
import { registerPlanCommand } from "./plan.command.js";
import { registerStartCommand } from "./start.command.js";
import { registerSyncCommand } from "./sync.command.js";
import { registerEmulateCommand } from "./emulate.command.js";
import { registerDemoCommand } from "./demo.command.js";

/** Every CLI command, one registration function per *.command.ts file (add one line each). */
export const registerCommands = (program: Command): void => {
  registerConfigCommand(program);
  registerImportCommand(program);
  registerCatalogCommand(program);
  registerStockCommand(program);
  registerReportCommand(program);
  registerOrdersCommand(program);
  registerPoCommand(program);
  registerQuarantineCommand(program);
  registerQueuesCommand(program);
  registerEventsCommand(program);
  registerPlanCommand(program);
  registerStartCommand(program);
  registerSyncCommand(program);
  registerEmulateCommand(program);
  registerDemoCommand(program);
};
