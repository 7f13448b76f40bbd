import { EventEmitter } from "node:events";
import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { commandPath, configureCommands, endQuietlyOnClosedOutput } from "./run-cli.js";

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

describe("endQuietlyOnClosedOutput", () => {
  const stream = () => new EventEmitter() as unknown as NodeJS.WriteStream;
  const epipe = () => Object.assign(new Error("write EPIPE"), { code: "EPIPE" });

  it("regression: a closed stdout (`config check | head -c 100`) crashed with an unhandled 'error' event; now the command ends with its exit code", () => {
    const exits: number[] = [];
    const out = stream();
    endQuietlyOnClosedOutput([out], (c) => void exits.push(c));
    const before = process.exitCode;
    try {
      process.exitCode = undefined;
      out.emit("error", epipe());
      process.exitCode = 75;
      out.emit("error", epipe());
    } finally {
      process.exitCode = before;
    }
    expect(exits).toEqual([0, 75]);
  });

  it("listens once however often it is called, and rethrows any other stream error", () => {
    const out = stream();
    endQuietlyOnClosedOutput([out], () => undefined);
    endQuietlyOnClosedOutput([out], () => undefined);
    expect(out.listenerCount("error")).toBe(1);
    expect(() => out.emit("error", Object.assign(new Error("boom"), { code: "EIO" }))).toThrow("boom");
  });
});
