import type { PlanException } from "../../domain/index.js";

/** Arguments or files we cannot use at all: the command exits 2 with this message. */
export class PlanUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanUsageError";
  }
}

/** What a file reader returns: good records, and bad ones as exceptions naming file and position. */
export interface ReadResult<T> {
  items: T[];
  exceptions: PlanException[];
}

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
export const isKnownCurrency = (code: string): boolean => CURRENCIES.has(code);

/** Integer ≥ 0 from a CSV cell, or a reason why not. */
export const parseCount = (text: string | undefined, column: string): number | string => {
  const t = (text ?? "").trim();
  if (t === "") return `${column} is empty`;
  if (!/^-?\d+$/.test(t)) return `${column} "${t}" is not an integer`;
  const n = Number(t);
  return n < 0 ? `${column} ${n} is negative` : n;
};
