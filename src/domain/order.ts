/**
 * The normalised sales order. Every channel and file format maps to this shape (the mappers live
 * with the connectors); everything downstream reads only this.
 * Quantities are integers; money is integer minor units plus an ISO 4217 currency.
 */
export type ChannelKind = "shopify" | "amazon";

/** open: may need stock; cancelled: frees everything; closed: finished on the channel. */
export type OrderStatus = "open" | "cancelled" | "closed";

/** marketplace = fulfilled by the marketplace (Amazon AFN/FBA): never creates demand on our stock. */
export type FulfilmentMode = "merchant" | "marketplace";

/** Only `stock` lines ever reserve stock or get backordered. */
export type LineKind = "stock" | "gift_card" | "tip" | "custom" | "digital" | "no_shipping";

/** UNMAPPED: no SKU / deleted product; SKU_DRIFT: SKU differs from the stored mapping for its variant. */
export type LineFlag = "UNMAPPED" | "SKU_DRIFT";

export interface Money {
  amountMinor: number;
  currency: string;
}

/** Personal data: encrypted at rest, purged after retention, never logged. */
export interface Address {
  name?: string | undefined;
  company?: string | undefined;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  country: string;
  phone?: string | undefined;
}

export interface OrderLine {
  /** Channel's stable id for the line (Shopify line item id, Amazon OrderItemId, CSV position). */
  lineId: string;
  sku: string | null;
  /** Stable product key when the channel has one (Shopify variant id); survives SKU renames. */
  variantId?: string | null | undefined;
  title: string;
  /** Units ordered originally. */
  ordered: number;
  /** Units removed by edits or cancellation. */
  cancelled: number;
  /** Units already fulfilled on the channel (need no stock from us). */
  fulfilled: number;
  kind: LineKind;
  flags: LineFlag[];
  unitPrice?: Money | undefined;
}

export interface SalesOrder {
  channel: string;
  externalId: string;
  orderNumber: string;
  /** ISO 8601 instant. */
  placedAt: string;
  /** The channel's last-modified instant; the version guard compares this. */
  channelUpdatedAt: string;
  status: OrderStatus;
  fulfilment: FulfilmentMode;
  currency: string;
  /** Order total in the shop currency and, when different, in the presentment currency. */
  totals?: { shop?: Money | undefined; presentment?: Money | undefined } | undefined;
  shipTo: Address | null;
  /** Lower numbers are served first; default 0. Ties go to placedAt, then channel+externalId. */
  priority?: number | undefined;
  /** partial: ship what exists, backorder the rest; complete: hold everything until all is there. */
  policy?: "partial" | "complete" | undefined;
  lines: OrderLine[];
}

/** Units of a line that still need stock from us. */
export const openQuantity = (line: OrderLine): number =>
  Math.max(0, line.ordered - line.cancelled - line.fulfilled);

/** Whether a line can create demand on our stock at all. */
export const needsStock = (order: SalesOrder, line: OrderLine): boolean =>
  order.status === "open" &&
  order.fulfilment === "merchant" &&
  line.kind === "stock" &&
  line.sku !== null &&
  !line.flags.includes("UNMAPPED");

export const orderKey = (o: Pick<SalesOrder, "channel" | "externalId">): string => `${o.channel}:${o.externalId}`;
