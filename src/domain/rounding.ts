/** Supplier terms that shape an order quantity. */
export interface PackTerms {
  casePack: number;
  moq: number;
}

const roundUpTo = (n: number, step: number): number => (step > 1 ? Math.ceil(n / step) * step : n);

/**
 * Demand → quantity to buy: round up to whole case packs, then raise to the MOQ. An MOQ that is
 * not a multiple of the case pack is itself rounded up to whole cases, because the vendor ships
 * cases (case pack 6, MOQ 10 → 12). Zero demand buys nothing.
 */
export const roundOrderQuantity = (demand: number, terms: PackTerms): number => {
  if (demand <= 0) return 0;
  const cases = roundUpTo(demand, terms.casePack);
  return cases >= terms.moq ? cases : roundUpTo(terms.moq, terms.casePack);
};
