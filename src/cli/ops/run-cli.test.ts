import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { commandPath, configureCommands } from "./run-cli.js";

/** A two-level program like backorder's, its error output captured. */
const program = () => {
  let err = "";
  const root = new Command("backorder").configureOutput({ writeErr: (t) => (err += t), writeOut: () => undefined });
  root.command("sync").requiredOption("--channel <id>").action(() => undefined);
  root.command("po").command("receive").argument("<po>").action(() => undefined);
  configureCommands(root);
  const parse = async (...args: string[]) => {
    const e = await root.parseAsync(["node", "backorder", ...args]).then(() => undefined, (x: unknown) => x);
    return { err, exitCode: e instanceof CommanderError ? e.exitCode : 0 };
  };
  return { root, parse };
};

describe("configureCommands", () => {
  it("regression: a subcommand's usage error printed the whole program's help; now its own line and --help hint", async () => {
    const { parse } = program();
    const r = await parse("sync");
    expect(r.err).toBe("backorder sync: required option '--channel <id>' not specified\nsee backorder sync --help\n");
    expect(r.exitCode).not.toBe(0);
  });

  it("does so at every depth, and for the program itself", async () => {
    expect((await program().parse("po", "receive")).err).toBe("backorder po receive: missing required argument 'po'\nsee backorder po receive --help\n");
    expect((await program().parse("bogus")).err).toBe("backorder: unknown command 'bogus'\nsee backorder --help\n");
  });

  it("names a command by the words typed", () => {
    const { root } = program();
    const receive = root.commands.find((c) => c.name() === "po")?.commands[0] as Command;
    expect(commandPath(receive)).toBe("po receive");
    expect(commandPath(root)).toBe("");
  });
});
