import type { Address } from "../../domain/order.js";

const stars = (text: string | undefined, keep: number): string | undefined =>
  text ? `${text.slice(0, Math.min(keep, Math.max(0, text.length - 1)))}***` : undefined;

/**
 * A ship-to an operator can recognise but not read: personal data never reaches a terminal,
 * scrollback or pasted ticket in full (DESIGN.md, "secrets and personal data redacted").
 */
export const maskAddress = (a: Address | null): string => {
  if (!a) return "none";
  return [stars(a.name, 1), a.line1 ? "***" : undefined, stars(a.postalCode, 2), a.country].filter(Boolean).join(", ");
};
