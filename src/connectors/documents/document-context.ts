import type { Address } from "../../domain/order.js";

/**
 * What a PO document needs besides the PO itself: names that live in config, not on the PO.
 * `warehouses` resolves a warehouse ship-to location id to a printable name and address.
 */
export interface DocumentContext {
  buyer: { name: string; id?: string | undefined; address?: Address | undefined };
  vendorName: string;
  warehouses?: Record<string, { name: string; address?: Address | undefined }> | undefined;
}

export interface ShipToView {
  kind: "warehouse" | "customer";
  /** Warehouse location id, or the customer's name. */
  id: string;
  name: string;
  address: Address | null;
}

export const shipToView = (
  shipTo: { kind: "warehouse"; location: string } | { kind: "customer"; order: string; address: Address | null },
  ctx: DocumentContext,
): ShipToView => {
  if (shipTo.kind === "warehouse") {
    const wh = ctx.warehouses?.[shipTo.location];
    return { kind: "warehouse", id: shipTo.location, name: wh?.name ?? shipTo.location, address: wh?.address ?? null };
  }
  const a = shipTo.address;
  const name = a?.name ?? a?.company ?? "Customer";
  return { kind: "customer", id: name, name, address: a };
};

/** One line for CSV cells and e-mail bodies: "name, company, line1, line2, postal city, region, country". */
export const addressOneLine = (view: ShipToView): string => {
  const a = view.address;
  if (!a) return view.name;
  const parts = [view.name, a.company, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.region, a.country];
  return parts.filter((p): p is string => typeof p === "string" && p.trim() !== "").join(", ");
};

/** The PO date as YYYY-MM-DD (UTC), taken from createdAt so documents never read the clock. */
export const poDate = (createdAt: string): string => new Date(createdAt).toISOString().slice(0, 10);
