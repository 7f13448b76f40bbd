import type { Address } from "./order.js";

export type PoState =
  | "draft"
  | "issued"
  | "acknowledged"
  | "partially_received"
  | "received"
  | "closed"
  | "cancelled";

/** One sales-order line's share of a PO line. */
export interface Coverage {
  order: string; // orderKey: channel:externalId
  line: string; // lineId
  quantity: number;
}

export interface PoLine {
  lineNo: number; // 1-based, stable within the PO
  sku: string;
  vendorSku: string;
  description: string;
  quantity: number; // after case-pack and MOQ rounding
  unitCost: number; // minor units, vendor currency
  covers: Coverage[];
  /** quantity - sum(covers): becomes available stock on receipt. */
  surplus: number;
  /** Set by an acknowledgement. */
  confirmedQuantity?: number | undefined;
  receivedQuantity: number;
  expectedAt?: string | undefined;
}

export interface PurchaseOrder {
  /** Deterministic from the batch key, e.g. PO2612031400-0K3F9ZQ1B (see po-number.ts). */
  poNumber: string;
  batchKey: string;
  vendor: string;
  currency: string;
  shipTo: { kind: "warehouse"; location: string } | { kind: "customer"; order: string; address: Address | null };
  windowStart: string; // ISO
  createdAt: string; // ISO
  state: PoState;
  lines: PoLine[];
  notes?: string | undefined;
}

export const poTotalMinor = (po: Pick<PurchaseOrder, "lines">): number =>
  po.lines.reduce((sum, l) => sum + l.quantity * l.unitCost, 0);
