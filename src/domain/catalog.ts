/** A vendor's terms for one of our SKUs. Costs are in the vendor's currency, never the order's. */
export interface Offer {
  sku: string;
  vendor: string;
  vendorSku: string;
  unitCost: number; // minor units
  currency: string;
  moq: number;
  casePack: number;
  leadTimeDays: number;
  preferred: boolean;
  dropship: boolean;
}

/** On-hand and committed units of one SKU at one location. available = onHand - committed. */
export interface StockLevel {
  sku: string;
  location: string;
  onHand: number;
  committed: number;
}
