import type { ZodError, ZodIssue } from "zod";
import { UsageError } from "./cli-errors.js";

/** commander's camelCase key back to the flag the operator typed: configDir → --config-dir. */
export const flagOf = (path: readonly (string | number)[]): string =>
  `--${path.map(String).join(".").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const limit = (kind: string, n: number | bigint, inclusive: boolean, low: boolean): string => {
  if (kind === "string" || kind === "array") return `must have ${low ? "at least" : "at most"} ${n} ${kind === "string" ? "character(s)" : "value(s)"}`;
  return `must be ${inclusive ? (low ? "at least" : "at most") : low ? "above" : "below"} ${n}`;
};

/**
 * What is wrong, worded to follow the option's name. zod's defaults ("Required", "Expected
 * number, received nan") name no option; a schema's own messages are written to follow it.
 */
const phrase = (i: ZodIssue): string => {
  switch (i.code) {
    case "invalid_type":
      if (i.received === "undefined") return "is required";
      if (i.received === "nan") return "must be a number";
      return i.expected === "integer" ? "must be a whole number" : `must be a ${i.expected}, not ${i.received}`;
    case "too_small":
      return i.type === "string" && i.minimum === 1 ? "must not be empty" : limit(i.type, i.minimum, i.inclusive, true);
    case "too_big":
      return limit(i.type, i.maximum, i.inclusive, false);
    case "invalid_enum_value":
      return `must be one of ${i.options.join(", ")}`;
    default:
      return i.message;
  }
};

export const describeOptionIssues = (issues: readonly ZodIssue[]): string =>
  issues.map((i) => (i.path.length ? `${flagOf(i.path)} ${phrase(i)}` : i.message)).join("; ");

/** A failed parse of a command's options as the usage error to report. */
export const optionUsageError = (error: ZodError): UsageError => new UsageError(describeOptionIssues(error.issues));
