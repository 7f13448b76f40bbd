import { ZodError } from "zod";
import { PlanUsageError } from "../plan/plan-errors.js";
import { ExitCode, UsageError } from "./cli-errors.js";
import { printableLines } from "./printable.js";

/** The shape of the service's typed errors (AppError, DomainError, ConfigError): code and retryable. */
type Typed = Error & { code: string; retryable: boolean };
const isTyped = (err: unknown): err is Typed =>
  err instanceof Error && typeof (err as { code?: unknown }).code === "string" && typeof (err as { retryable?: unknown }).retryable === "boolean";

const systemCode = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
};
// Untyped errors from the drivers when a service is down: waiting for it is the fix.
const TEMPORARY_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "EPIPE"]);
const TEMPORARY_NAMES = new Set(["MongoServerSelectionError", "MongooseServerSelectionError", "MongoNetworkError", "MongoNetworkTimeoutError"]);

const isUsage = (err: unknown): boolean => err instanceof UsageError || err instanceof PlanUsageError;
const isTemporary = (err: unknown): boolean =>
  isTyped(err) ? err.retryable : err instanceof Error && (TEMPORARY_NAMES.has(err.name) || TEMPORARY_CODES.has(systemCode(err) ?? ""));

export const exitCodeOf = (err: unknown): number =>
  isUsage(err) ? ExitCode.usage : isTemporary(err) ? ExitCode.temporary : ExitCode.failed;

// Names of variables that hold secrets, by the project's naming (accessTokenEnv, passwordEnv, ...).
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSPHRASE|CREDENTIAL|PRIVATE|(^|_)KEY$/i;

/** Secret values and URL credentials out of text that is about to reach a terminal or a log. */
export const redact = (text: string, env: NodeJS.ProcessEnv): string => {
  const values = Object.entries(env)
    .filter(([name, v]) => SECRET_NAME.test(name) && v !== undefined && v.length >= 4)
    .map(([, v]) => v as string)
    .sort((a, b) => b.length - a.length);
  let out = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1***@");
  for (const v of values) out = out.split(v).join("***");
  return out;
};

const causeNote = (err: Error): string => {
  const cause = err.cause;
  return cause instanceof Error && cause.message && !err.message.includes(cause.message) ? ` (${cause.message})` : "";
};

const zodText = (err: ZodError): string => err.issues.map((i) => `${i.path.join(".") || "(input)"}: ${i.message}`).join("; ");

/** What an operator needs to read: the message, the code, and whether trying again can help. */
const message = (err: unknown): string => {
  if (isUsage(err)) return (err as Error).message;
  if (err instanceof ZodError) return zodText(err);
  if (!(err instanceof Error)) return String(err);
  const verdict = isTemporary(err) ? "temporary: retrying may help" : isTyped(err) ? "retry will not help" : undefined;
  const [first = "", ...rest] = `${isTyped(err) ? `[${err.code}] ` : ""}${err.message}${causeNote(err)}`.split("\n");
  // An error without a code and outside the known environment failures is a bug: say where to look.
  const note = verdict ?? (systemCode(err) ? undefined : `${err.name}; BACKORDER_DEBUG=1 prints the stack`);
  // "has 5 problem(s): (retry will not help)" reads badly: the note goes before a list's colon.
  const head = note ? first.replace(/:?$/, (colon) => ` (${note})${colon}`) : first;
  return [head, ...rest.map((l) => `  ${l}`)].join("\n");
};

const stacks = (err: unknown): string[] => {
  const out: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    out.push(`${depth ? "caused by: " : ""}${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  return out;
};

export const debugEnabled = (env: NodeJS.ProcessEnv): boolean => !["", "0", "false", "no"].includes((env.BACKORDER_DEBUG ?? "").toLowerCase());

/**
 * The one place a command's failure is written: one line `backorder <command>: …`, the --help hint
 * for an unusable argument, and the stack chain only when BACKORDER_DEBUG is set (stacks only, never
 * the errors' own fields: an HTTP error carries the request's headers, tokens included).
 * Returns the exit code for it.
 */
export const writeFailure = (command: string, err: unknown, io: { env?: NodeJS.ProcessEnv; write?: (text: string) => void } = {}): number => {
  const env = io.env ?? process.env;
  const write = io.write ?? ((t: string) => void process.stderr.write(t));
  const name = ["backorder", command].filter(Boolean).join(" ");
  const lines = [`${name}: ${message(err)}`];
  if (isUsage(err) && (!(err instanceof UsageError) || err.helpHint)) lines.push(`see ${name} --help`);
  if (debugEnabled(env)) lines.push(...stacks(err));
  // Messages echo arguments and data (a PO number, a title): control characters in them are shown escaped.
  write(`${printableLines(redact(lines.join("\n"), env))}\n`);
  return exitCodeOf(err);
};
