import type { LineAllocation } from "../../domain/allocation.js";
import type { LineKind, LineFlag } from "../../domain/order.js";
import type { PoState } from "../../domain/purchase-order.js";

/**
 * Everything the report is computed from, as plain values: gather.ts reads it from MongoDB, the
 * demo and tests may build it by hand. `asOf` is the instant open holds are measured to.
 */
export interface ReportData {
  asOf: string;
  since?: string | undefined;
  orders: { channel: string; externalId: string; placedAt: string; status?: string; lines: { kind: LineKind; flags: LineFlag[]; sku?: string | null; ordered?: number; cancelled?: number; fulfilled?: number }[] }[];
  evaluations: {
    order: string;
    channel: string;
    placedAt: string;
    onHold: boolean;
    heldAt?: string | undefined;
    releasedAt?: string | undefined;
    lines: Pick<LineAllocation, "kind" | "needed" | "allocated" | "shortfall">[];
  }[];
  /** Open backorder lines (quantity > 0). */
  backorders: { order: string; sku: string; quantity: number; vendor: string | null; exception?: { code: string; reason: string } | undefined }[];
  purchaseOrders: {
    poNumber: string;
    vendor: string;
    state: PoState;
    transport?: string | undefined;
    delivery: "pending" | "sending" | "sent" | "failed";
    issuedAt?: string | undefined;
    /** When the PO became fully received (from its audit trail). */
    receivedAt?: string | undefined;
    /** The vendor's promised lead time for this PO (longest offer lead time of its SKUs). */
    promisedDays?: number | undefined;
  }[];
  quarantine: { channel: string; source: string; reason: string }[];
}
