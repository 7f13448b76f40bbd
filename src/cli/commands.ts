import type { Command } from "commander";
import { registerConfigCommand } from "./config.command.js";
import { registerPlanCommand } from "./plan.command.js";
import { registerStartCommand } from "./start.command.js";

/** Every CLI command, one registration function per *.command.ts file (add one line each). */
export const registerCommands = (program: Command): void => {
  registerConfigCommand(program);
  registerPlanCommand(program);
  registerStartCommand(program);
};
