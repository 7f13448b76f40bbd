import type { Offer } from "./catalog.js";

export type VendorChoiceReason = "preferred" | "cheapest_within_promise" | "fastest_beyond_promise";

export type VendorChoice =
  | { kind: "chosen"; offer: Offer; reason: VendorChoiceReason }
  | { kind: "none"; sku: string; code: "CATALOG.NO_OFFER"; reason: string };

export interface VendorChoiceInput {
  sku: string;
  offers: readonly Offer[];
  /** Days the channel promises its customers. */
  promiseDays: number;
  /** Vendors that may not be used (disabled, unknown); their offers are ignored. */
  excludedVendors?: ReadonlySet<string> | undefined;
}

const byCostThenLead = (a: Offer, b: Offer): number =>
  a.currency.localeCompare(b.currency) || a.unitCost - b.unitCost || a.leadTimeDays - b.leadTimeDays || a.vendor.localeCompare(b.vendor);
const byLeadThenCost = (a: Offer, b: Offer): number =>
  a.leadTimeDays - b.leadTimeDays || a.unitCost - b.unitCost || a.vendor.localeCompare(b.vendor);

/**
 * Preferred vendor first; otherwise the cheapest offer whose lead time meets the promise; when
 * none meets it, the fastest (the channel's promiseDays says slower vendors are a last resort).
 * Costs are only compared as numbers; offers in different currencies are ordered by currency code
 * first, because the domain holds no exchange rates.
 */
export const chooseVendor = (input: VendorChoiceInput): VendorChoice => {
  const candidates = input.offers.filter((o) => o.sku === input.sku && !input.excludedVendors?.has(o.vendor));
  if (candidates.length === 0) {
    const known = input.offers.some((o) => o.sku === input.sku);
    const reason = known ? `every vendor offering ${input.sku} is disabled or unknown` : `no vendor offers SKU ${input.sku}`;
    return { kind: "none", sku: input.sku, code: "CATALOG.NO_OFFER", reason };
  }
  const preferred = candidates.filter((o) => o.preferred).sort(byCostThenLead)[0];
  if (preferred) return { kind: "chosen", offer: preferred, reason: "preferred" };
  const inTime = candidates.filter((o) => o.leadTimeDays <= input.promiseDays).sort(byCostThenLead)[0];
  if (inTime) return { kind: "chosen", offer: inTime, reason: "cheapest_within_promise" };
  const fastest = [...candidates].sort(byLeadThenCost)[0] as Offer;
  return { kind: "chosen", offer: fastest, reason: "fastest_beyond_promise" };
};
