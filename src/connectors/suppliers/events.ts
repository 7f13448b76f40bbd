import type { PoLine, PurchaseOrder } from "../../domain/purchase-order.js";

/**
 * What suppliers tell us after a PO went out, whatever the channel (signed HTTP callback, X12
 * 855/856 over SFTP). The po.inbound job applies these to POs, stock and holds.
 * A line refers to a PO line by `lineNo`, by `vendorSku`, or both.
 */
export interface EventLineRef {
  lineNo?: number | undefined;
  vendorSku?: string | undefined;
}

/** accepted: as ordered; changed: quantity/date/price differ; backordered: later; rejected: will not ship. */
export type AckStatus = "accepted" | "changed" | "backordered" | "rejected";

export interface AckLine extends EventLineRef {
  status: AckStatus;
  /** Units this status applies to (the confirmed quantity for accepted/changed). */
  quantity: number;
  /** Expected ship or delivery date (ISO date) when the supplier gave one. */
  expectedAt?: string | undefined;
  /** The supplier's own code when it came from X12 (ACK01: IA, IC, IQ, IB, IR …). */
  code?: string | undefined;
}

export interface QuantityLine extends EventLineRef {
  quantity: number;
}

/** Where the event came from and a deterministic id, so a re-delivered event is applied once. */
export interface EventOrigin {
  eventId: string;
  source: "http" | "x12";
}

export type SupplierEvent =
  | (EventOrigin & { kind: "acknowledgement"; poNumber: string; lines: AckLine[] })
  | (EventOrigin & {
      kind: "shipment";
      poNumber: string;
      shipmentId: string;
      shippedAt: string;
      lines: QuantityLine[];
      carrier?: string | undefined;
      tracking?: string | undefined;
      expectedAt?: string | undefined;
    })
  | (EventOrigin & { kind: "receipt"; poNumber: string; receivedAt: string; lines: QuantityLine[] });

/**
 * The PO line an event line refers to. Our line number is trusted unless the vendor SKU names a
 * different existing line; a vendor SKU that matches nothing (X12 strips separator characters
 * from values) does not overrule the line number.
 */
export const matchPoLine = (po: Pick<PurchaseOrder, "lines">, ref: EventLineRef): PoLine | undefined => {
  const byNo = ref.lineNo !== undefined ? po.lines.find((l) => l.lineNo === ref.lineNo) : undefined;
  const bySku = ref.vendorSku !== undefined ? po.lines.find((l) => l.vendorSku === ref.vendorSku) : undefined;
  return bySku ?? byNo;
};
