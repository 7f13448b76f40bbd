import { Command } from "commander";
import { registerCommands } from "./commands.js";

// Entry point of the `backorder` command. Each command lives in its own *.command.ts file and is
// listed in commands.ts.
const program = new Command("backorder").description("Backorders: out-of-stock orders to supplier purchase orders.");
program.showHelpAfterError();
registerCommands(program);
await program.parseAsync(process.argv);
