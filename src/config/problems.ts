import type { ZodIssue } from "zod";

/** One thing wrong with the configuration, located precisely enough to fix without guessing. */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
}

export const formatProblem = (p: ConfigProblem): string => `${p.file}: ${p.path || "(root)"}: ${p.message}`;

const describe = (value: unknown): string => {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length ? "a list" : "an empty list";
  if (typeof value === "object") return "a mapping";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${typeof value} ${text.slice(0, 37)}...` : `${typeof value} ${text}`;
};

const valueAt = (root: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), root);

const TYPE_WORDS: Record<string, string> = {
  string: "a string", number: "a number", integer: "a whole number", boolean: "true or false", object: "a mapping", array: "a list", date: "a date",
};
const choices = (options: readonly unknown[]): string => `one of ${options.map((o) => JSON.stringify(o)).join(", ")}`;

const bound = (type: string, n: number | bigint, inclusive: boolean, low: boolean): string => {
  const unit = type === "string" ? " character(s)" : type === "array" ? " entry(ies)" : "";
  if (inclusive || unit) return `${low ? "at least" : "at most"} ${n}${unit}`;
  return `${low ? "more" : "less"} than ${n}`;
};

/**
 * What the schema wanted, worded to follow "expected". zod's defaults are sentences of their own
 * ("Required", "Expected string, received number", "Number must be greater than 0") that read
 * badly there and repeat what `found` says; a schema's own messages are written to follow it.
 * zod's enum message also ends with the value, of any size (a 2 MB string became a 2 MB line).
 */
const expectation = (issue: ZodIssue): string => {
  switch (issue.code) {
    case "invalid_type":
      return TYPE_WORDS[issue.expected] ?? issue.expected;
    case "invalid_enum_value":
    case "invalid_union_discriminator":
      return choices(issue.options);
    case "invalid_literal":
      return JSON.stringify(issue.expected);
    case "too_small":
      return bound(issue.type, issue.minimum, issue.inclusive, true);
    case "too_big":
      return bound(issue.type, issue.maximum, issue.inclusive, false);
    case "not_multiple_of":
      return `a multiple of ${issue.multipleOf}`;
    default:
      return issue.message.length > 200 ? `${issue.message.slice(0, 197)}...` : issue.message;
  }
};

/** "required, missing" for an absent key; the allowed values when they are few enough to list. */
const missing = (issue: ZodIssue): string =>
  issue.code === "invalid_type" ? "required, missing" : `required (${expectation(issue)}), missing`;

/** Turns zod issues into problems that say what was expected and what was found. */
export const problemsFromZod = (file: string, issues: ZodIssue[], input: unknown): ConfigProblem[] =>
  issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        file,
        path: [...issue.path, key].join("."),
        message: "unknown key (check the spelling; unknown keys are never ignored)",
      }));
    }
    const value = valueAt(input, issue.path);
    if (value === undefined) return [{ file, path: issue.path.join("."), message: missing(issue) }];
    // A value where an env var NAME belongs may be the secret itself: say what it is, never echo it.
    const secret = typeof value === "string" && /Env$/.test(String(issue.path.at(-1) ?? ""));
    const found = secret ? `a string of ${(value as string).length} characters (not shown: it may be a secret)` : describe(value);
    return [{ file, path: issue.path.join("."), message: `expected ${expectation(issue)}, found ${found}` }];
  });

export class ConfigError extends Error {
  readonly code = "CONFIG.INVALID";
  readonly retryable = false;
  constructor(readonly problems: ConfigProblem[]) {
    super(`configuration has ${problems.length} problem(s):\n${problems.map(formatProblem).join("\n")}`);
    this.name = "ConfigError";
  }
}
