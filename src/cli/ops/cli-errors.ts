/**
 * Exit codes every `backorder` command shares (`import` adds 3 and 4, see IMPORT_EXIT). 75 is
 * sysexits' EX_TEMPFAIL, so a cron job or systemd unit can tell "try again later" from "fix something".
 */
export const ExitCode = { ok: 0, failed: 1, usage: 2, temporary: 75 } as const;

/** Arguments we cannot use: the command exits 2, names the problem and points at its --help. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** False when --help cannot help: the arguments were well formed but name nothing we know. */
    readonly helpHint = true,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** An argument names a PO, order, channel or entry that does not exist: exit 2 like any unusable argument. */
export class NotFoundError extends UsageError {
  constructor(message: string) {
    super(message, false);
    this.name = "NotFoundError";
  }
}
