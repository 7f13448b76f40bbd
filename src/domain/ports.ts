import type { SalesOrder } from "./order.js";
import type { PurchaseOrder } from "./purchase-order.js";

/**
 * Ports the jobs use. Adapters (connectors, persistence) implement them; no client, connection
 * or session type crosses a port.
 */

/** A page of orders from a marketplace plus the cursor to resume from after it is stored. */
export interface OrderPage {
  orders: SalesOrder[];
  /** Payloads that could not be mapped: kept for quarantine, never dropped. */
  rejected: { ref: string; reason: string; payload: unknown }[];
  /** Opaque resume state; persisted only after `orders` are stored. */
  nextCursor: string | null;
  /** Watermark (ISO) to store once the last page of this run is done. */
  highWatermark: string | null;
  done: boolean;
}

export interface MarketplaceConnector {
  readonly channel: string;
  /** Fetch one page; `cursor` null starts a new run from `since`. */
  fetchPage(args: { since: string; cursor: string | null; signal?: AbortSignal }): Promise<OrderPage>;
  /** Fetch one order by its external id (webhook follow-up, reconciliation). */
  fetchOrder(externalId: string): Promise<SalesOrder | null>;
  /** Place or release the out-of-stock hold on the channel. Safe to call twice. */
  setHold(externalId: string, hold: boolean): Promise<void>;
}

export interface DeliveryResult {
  /** Reference the peer gave us (HTTP id, SMTP message id, remote path). */
  reference: string;
  /** true when the peer said it already had this PO (idempotent replay). */
  duplicate: boolean;
}

export interface SupplierTransport {
  readonly kind: "http" | "email" | "sftp";
  /** Deliver the PO; `idempotencyKey` is stable across retries (the PO number). */
  deliver(po: PurchaseOrder, idempotencyKey: string): Promise<DeliveryResult>;
}
