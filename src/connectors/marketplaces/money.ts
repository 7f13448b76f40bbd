/**
 * Money strings from the wire become integer minor units without ever touching a float:
 * the decimal text is split and padded, never multiplied (C07: "25.5" and "25.50" are equal).
 */
const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** A code the runtime knows from ISO 4217; "XYZ" has the shape of one and is not. */
export const isIsoCurrency = (code: string): boolean => ISO_CURRENCIES.has(code);

export const minorDigits = (currency: string): number => MINOR_DIGITS[currency.toUpperCase()] ?? 2;

/** Parses "12.75", "-3", "1,234.50"-free decimal text or a JS number into minor units; throws on junk. */
export const parseMoneyMinor = (value: string | number, currency: string): number => {
  const text = typeof value === "number" ? numberToText(value) : value.trim();
  const m = /^(-)?(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  const digits = minorDigits(currency);
  const frac = (m[3] ?? "").replace(/0+$/, "");
  if (frac.length > digits) throw new Error(`amount ${text} has more than ${digits} decimals for ${currency}`);
  const minor = Number(m[2] + frac.padEnd(digits, "0"));
  if (!Number.isSafeInteger(minor)) throw new Error(`amount ${text} is too large`);
  return m[1] ? -minor : minor;
};

const numberToText = (n: number): string => {
  if (!Number.isFinite(n)) throw new Error(`not a finite amount: ${n}`);
  // Number#toString gives the shortest round-trip text ("25.5"), which is the decimal the sender meant.
  return n.toString().includes("e") ? n.toFixed(20).replace(/0+$/, "") : n.toString();
};

/** Formats minor units back to decimal text ("1234" EUR → "12.34"); used by the emulators. */
export const formatMinor = (minor: number, currency: string): string => {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor).toString().padStart(digits + 1, "0");
  return digits === 0 ? sign + abs : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
};
