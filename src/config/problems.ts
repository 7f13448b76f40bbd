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
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${typeof value} ${text.slice(0, 37)}...` : `${typeof value} ${text}`;
};

const valueAt = (root: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), root);

/**
 * What the schema wanted. zod's enum message ends with ", received '<the value>'", which repeats a
 * value of any size (a 2 MB string became a 2 MB line); `found` already shows it, clipped.
 */
const expectation = (issue: ZodIssue): string => {
  const text = issue.code === "invalid_enum_value" ? `one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}` : issue.message.replace(/^Expected /, "");
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
};

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
