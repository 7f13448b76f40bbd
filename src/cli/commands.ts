import type { Command } from "commander";

/** Every CLI command, one registration function per *.command.ts file (add one line each). */
export const registerCommands = (program: Command): void => {
  void program;
};
