import type { StockLevel } from "./catalog.js";

/** Map key for one SKU at one location. */
export const stockKey = (sku: string, location: string): string => `${sku}\u0000${location}`;

/** A change in committed (and, for receipts, on-hand) units of one SKU at one location. */
export interface StockDelta {
  sku: string;
  location: string;
  committed: number;
  onHand?: number | undefined;
}

/** available = on hand − committed, per SKU and location (may be negative after a stock correction). */
export const availableBook = (stock: readonly StockLevel[]): Map<string, number> => {
  const book = new Map<string, number>();
  for (const s of stock) {
    const k = stockKey(s.sku, s.location);
    book.set(k, (book.get(k) ?? 0) + s.onHand - s.committed);
  }
  return book;
};

/** Applies deltas to stock levels; unknown SKU/locations are created at zero. Input is not mutated. */
export const applyStockDeltas = (stock: readonly StockLevel[], deltas: readonly StockDelta[]): StockLevel[] => {
  const out = new Map<string, StockLevel>();
  for (const s of stock) {
    const k = stockKey(s.sku, s.location);
    const prev = out.get(k);
    out.set(k, prev ? { ...prev, onHand: prev.onHand + s.onHand, committed: prev.committed + s.committed } : { ...s });
  }
  for (const d of deltas) {
    const k = stockKey(d.sku, d.location);
    const prev = out.get(k) ?? { sku: d.sku, location: d.location, onHand: 0, committed: 0 };
    out.set(k, { ...prev, onHand: prev.onHand + (d.onHand ?? 0), committed: prev.committed + d.committed });
  }
  return [...out.values()];
};

/** Sums deltas per SKU and location and drops the ones that cancel out. */
export const mergeDeltas = (deltas: readonly StockDelta[]): StockDelta[] => {
  const out = new Map<string, StockDelta>();
  for (const d of deltas) {
    const k = stockKey(d.sku, d.location);
    const prev = out.get(k);
    out.set(k, {
      sku: d.sku,
      location: d.location,
      committed: (prev?.committed ?? 0) + d.committed,
      onHand: (prev?.onHand ?? 0) + (d.onHand ?? 0),
    });
  }
  return [...out.values()]
    .filter((d) => d.committed !== 0 || d.onHand !== 0)
    .map((d) => (d.onHand === 0 ? { sku: d.sku, location: d.location, committed: d.committed } : d));
};
