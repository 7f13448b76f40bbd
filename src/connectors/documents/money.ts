/**
 * Money in documents: integer minor units rendered as a decimal string with integer arithmetic
 * only, so 1450 USD is always "14.50" and never "14.499999".
 */
const exponentCache = new Map<string, number>();

/** ISO 4217 minor-unit exponent (JPY 0, USD 2, BHD 3), read from the runtime's ICU data. */
export const currencyExponent = (currency: string): number => {
  const cached = exponentCache.get(currency);
  if (cached !== undefined) return cached;
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  const exponent = digits ?? 2;
  exponentCache.set(currency, exponent);
  return exponent;
};

export const formatMinor = (amountMinor: number, currency: string): string => {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`money must be an integer of minor units: ${amountMinor}`);
  const exponent = currencyExponent(currency);
  const sign = amountMinor < 0 ? "-" : "";
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
};

/** Parse "14.50" back to 1450 minor units; rejects more decimals than the currency has. */
export const parseDecimalToMinor = (text: string, currency: string): number | null => {
  const m = /^(-?)(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const exponent = currencyExponent(currency);
  const fraction = m[3] ?? "";
  if (fraction.replace(/0+$/, "").length > exponent) return null;
  const value = Number(m[2]) * 10 ** exponent + Number(fraction.padEnd(exponent, "0").slice(0, exponent) || "0");
  return m[1] === "-" ? -value : value;
};
