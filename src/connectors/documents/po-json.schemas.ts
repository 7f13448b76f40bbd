import { z } from "zod";
import { AddressSchema } from "../../shared/address.schema.js";
import type { PurchaseOrder } from "../../domain/purchase-order.js";
import { poTotalMinor } from "../../domain/purchase-order.js";
import type { DocumentContext } from "./document-context.js";
import { shipToView } from "./document-context.js";
import { formatMinor } from "./money.js";

/**
 * The PO as our HTTP API sends it to a supplier. Amounts travel twice: as integer minor units
 * (exact) and as a decimal string (readable); the two always agree.
 */
const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/);


export const PoDocumentLineSchema = z.object({
  lineNo: z.number().int().positive(),
  sku: z.string(),
  vendorSku: z.string(),
  description: z.string(),
  quantity: z.number().int().positive(),
  unitCostMinor: z.number().int().nonnegative(),
  unitCost: DecimalString,
  lineTotal: DecimalString,
});

export const PoDocumentSchema = z.object({
  schema: z.literal("backorder.purchase-order/1"),
  poNumber: z.string().min(1),
  vendor: z.object({ id: z.string(), name: z.string() }),
  buyer: z.object({ name: z.string(), id: z.string().optional() }),
  currency: z.string().length(3),
  issuedAt: z.string().datetime(),
  dropShip: z.boolean(),
  shipTo: z.object({ kind: z.enum(["warehouse", "customer"]), id: z.string(), name: z.string(), address: AddressSchema.nullable() }),
  lines: z.array(PoDocumentLineSchema).min(1),
  totalMinor: z.number().int().nonnegative(),
  total: DecimalString,
  notes: z.string().optional(),
});

export type PoDocument = z.infer<typeof PoDocumentSchema>;

const dropUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export const toPoDocument = (po: PurchaseOrder, ctx: DocumentContext): PoDocument => {
  const view = shipToView(po.shipTo, ctx);
  const doc: PoDocument = {
    schema: "backorder.purchase-order/1",
    poNumber: po.poNumber,
    vendor: { id: po.vendor, name: ctx.vendorName },
    buyer: dropUndefined({ name: ctx.buyer.name, id: ctx.buyer.id }),
    currency: po.currency,
    issuedAt: new Date(po.createdAt).toISOString(),
    dropShip: po.shipTo.kind === "customer",
    shipTo: { ...view, address: view.address ? dropUndefined({ ...view.address }) : null },
    lines: po.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      vendorSku: l.vendorSku,
      description: l.description,
      quantity: l.quantity,
      unitCostMinor: l.unitCost,
      unitCost: formatMinor(l.unitCost, po.currency),
      lineTotal: formatMinor(l.unitCost * l.quantity, po.currency),
    })),
    totalMinor: poTotalMinor(po),
    total: formatMinor(poTotalMinor(po), po.currency),
    ...(po.notes !== undefined ? { notes: po.notes } : {}),
  };
  return PoDocumentSchema.parse(doc);
};
