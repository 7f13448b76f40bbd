import { z } from "zod";
import type { SupplierEvent } from "../events.js";
import { SupplierInputError } from "../supplier-input-error.js";

/**
 * Body of a supplier's signed callback to us (POST, header X-Backorder-Signature over the raw
 * body, see signature.ts). One event per request; `eventId` is the supplier's id of the event and
 * makes a redelivery recognisable.
 */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, "an ISO 8601 date or date-time");
const Ref = {
  lineNo: z.number().int().positive().optional(),
  vendorSku: z.string().min(1).max(100).optional(),
};
const hasRef = (l: { lineNo?: number | undefined; vendorSku?: string | undefined }): boolean => l.lineNo !== undefined || l.vendorSku !== undefined;
const Qty = z.number().int().min(0).max(10_000_000);

const AckLineSchema = z
  .object({ ...Ref, status: z.enum(["accepted", "changed", "backordered", "rejected"]), quantity: Qty, expectedAt: IsoDate.optional() })
  .strict()
  .refine(hasRef, "a line needs lineNo or vendorSku");
const QtyLineSchema = z.object({ ...Ref, quantity: Qty }).strict().refine(hasRef, "a line needs lineNo or vendorSku");

const Base = { eventId: z.string().min(1).max(200), poNumber: z.string().min(1).max(100) };

export const SupplierCallbackSchema = z.discriminatedUnion("kind", [
  z.object({ ...Base, kind: z.literal("acknowledgement"), lines: z.array(AckLineSchema).min(1).max(10_000) }).strict(),
  z
    .object({
      ...Base,
      kind: z.literal("shipment"),
      shipmentId: z.string().min(1).max(100),
      shippedAt: IsoDate,
      expectedAt: IsoDate.optional(),
      carrier: z.string().max(100).optional(),
      tracking: z.string().max(200).optional(),
      lines: z.array(QtyLineSchema).min(1).max(10_000),
    })
    .strict(),
  z.object({ ...Base, kind: z.literal("receipt"), receivedAt: IsoDate, lines: z.array(QtyLineSchema).min(1).max(10_000) }).strict(),
]);

export type SupplierCallback = z.infer<typeof SupplierCallbackSchema>;

/** Parse a callback body (already JSON-decoded, or the raw text); throws SupplierInputError only. */
export const parseSupplierCallback = (body: unknown): SupplierEvent => {
  let json = body;
  if (typeof body === "string" || body instanceof Uint8Array) {
    try {
      json = JSON.parse(typeof body === "string" ? body : Buffer.from(body).toString("utf8"));
    } catch {
      throw new SupplierInputError("CALLBACK_NOT_JSON", "callback body is not JSON");
    }
  }
  const parsed = SupplierCallbackSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
    throw new SupplierInputError("CALLBACK_INVALID", `callback rejected: ${issues.join("; ")}`, { issues });
  }
  return { ...parsed.data, source: "http" } as SupplierEvent;
};
