import { CommanderError, type Command } from "commander";
import { ExitCode } from "./cli-errors.js";
import { writeFailure } from "./error-output.js";
import { printableLines } from "./printable.js";

/** "po receive" for `backorder po receive`: the words an operator typed, without the program's name. */
export const commandPath = (cmd: Command): string => {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
};

const eachCommand = (cmd: Command, visit: (c: Command) => void): void => {
  visit(cmd);
  for (const sub of cmd.commands) eachCommand(sub, visit);
};

const label = (cmd: Command): string => ["backorder", commandPath(cmd)].filter(Boolean).join(" ");

/**
 * Every command reports a usage error the same way: commander's own ones (missing option,
 * bad choice) and ours both read `backorder <command>: …` and point at that command's --help,
 * not the whole program's; the exit code is decided in one place (see ExitCode).
 */
export const configureCommands = (program: Command): void =>
  eachCommand(program, (cmd) => {
    cmd
      .exitOverride()
      .showHelpAfterError(`see ${label(cmd)} --help`)
      .configureOutput({ outputError: (text, write) => write(printableLines(text.replace(/^error: /, `${label(cmd)}: `))) });
  });

/**
 * A reader that stops early (`backorder config check | head -c 100`) closes the pipe: the next
 * write fails with EPIPE, which Node raises as an unhandled 'error' event with a stack. Nobody is
 * left to read, so the command ends quietly with the exit code it has so far. Listening on the
 * streams (not wrapping their writes) leaves the progress bars' own ANSI output alone.
 */
export const endQuietlyOnClosedOutput = (streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr], exit: (code: number) => void = (c) => process.exit(c)): void => {
  for (const stream of streams) {
    if (stream.listeners("error").some((l) => (l as { closedOutput?: true }).closedOutput)) continue;
    const onError = Object.assign(
      (err: NodeJS.ErrnoException) => {
        if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") return exit(Number(process.exitCode ?? 0));
        throw err;
      },
      { closedOutput: true as const },
    );
    stream.on("error", onError);
  }
};

/** Parses and runs one command; a failure anywhere in it ends as one line and an exit code. */
export const runCli = async (program: Command, argv: readonly string[]): Promise<void> => {
  endQuietlyOnClosedOutput();
  configureCommands(program);
  let active: Command = program;
  program.hook("preAction", (_self, action) => {
    active = action;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      return;
    }
    process.exitCode = writeFailure(commandPath(active), err);
    // A failed command may leave a client reconnecting in the background: end once stderr is out.
    await new Promise<void>((r) => process.stderr.write("", () => r()));
    process.exit(process.exitCode);
  }
};
