import { Command } from "commander";
import { registerCommands } from "./commands.js";
import { runCli } from "./ops/run-cli.js";

// Entry point of the `backorder` command. Each command lives in its own *.command.ts file and is
// listed in commands.ts; runCli gives all of them one way to report usage errors and failures.
const program = new Command("backorder").description("Backorders: out-of-stock orders to supplier purchase orders.");
registerCommands(program);
await runCli(program, process.argv);
