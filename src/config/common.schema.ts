import { z } from "zod";

/** A config never holds a secret: it names the environment variable that does. */
export const EnvVarNameSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, "the NAME of an environment variable (A-Z, 0-9, _), not a secret value");

export const IdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes");

export const CronSchema = z
  .string()
  .regex(/^(\S+\s+){4,5}\S+$/, "a cron pattern of 5 or 6 fields, e.g. '*/15 * * * *'");

export const TimeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "an IANA time zone such as 'Europe/Berlin'");

export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 currency code such as 'USD'");

/**
 * Where the service sends requests: http(s) only. z.string().url() alone takes file:///etc/passwd,
 * javascript: or ftp:, none of which the HTTP clients should ever be pointed at.
 */
export const HttpUrlSchema = z
  .string()
  .url("an absolute http:// or https:// URL")
  // zod runs a refinement even after .url() failed, so a text URL cannot parse must not throw here.
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), "an http:// or https:// URL (no file:, ftp: or other schemes)");
