import cronParser from "cron-parser";

/** The last firing of `cron` in `timeZone` at or before `now`, as an ISO instant. */
export const lastCutoff = (cron: string, timeZone: string, now: Date): string => {
  const probe = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1);
  const expr = cronParser.parseExpression(cron, { currentDate: probe, tz: timeZone });
  return expr.prev().toDate().toISOString();
};
