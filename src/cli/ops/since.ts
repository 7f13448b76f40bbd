import { z } from "zod";
import { UsageError } from "./cli-errors.js";

const clip = (text: string): string => JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);

/**
 * The one parser of `--since` (sync, report): an ISO 8601 instant with its zone, or a calendar
 * date meaning that day's 00:00Z, the form people type. A zone-less time is refused rather than
 * guessed, and so is anything Date.parse would read loosely ("5" is the year 2001 there).
 */
export const SinceSchema = z.string().transform((text, ctx) => {
  const t = text.trim();
  if (z.string().date().safeParse(t).success) return `${t}T00:00:00.000Z`;
  if (z.string().datetime({ offset: true }).safeParse(t).success) return new Date(t).toISOString();
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a date (2026-03-01, read as 00:00Z) or an instant with its zone (2026-03-01T09:30:00Z), not ${clip(text)}` });
  return z.NEVER;
});

/** --since as an ISO instant, or a usage error naming the option. */
export const parseSince = (text: string): string => {
  const r = SinceSchema.safeParse(text);
  if (!r.success) throw new UsageError(`--since ${r.error.issues[0]?.message ?? "is not a date"}`);
  return r.data;
};
