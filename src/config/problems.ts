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
    const found = describe(valueAt(input, issue.path));
    return [{ file, path: issue.path.join("."), message: `expected ${issue.message.replace(/^Expected /, "")}, found ${found}` }];
  });

export class ConfigError extends Error {
  readonly code = "CONFIG.INVALID";
  readonly retryable = false;
  constructor(readonly problems: ConfigProblem[]) {
    super(`configuration has ${problems.length} problem(s):\n${problems.map(formatProblem).join("\n")}`);
    this.name = "ConfigError";
  }
}
