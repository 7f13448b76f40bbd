import { z } from "zod";
import { AddressSchema } from "../../shared/address.schema.js";
import { isKnownCurrency } from "./plan-errors.js";

// The normalised SalesOrder as a file format (see src/domain/order.ts); defaults keep hand-written
// fixtures short, but every quantity must be a non-negative integer and the currency must exist.
const Count = z.number().int("must be an integer").min(0, "must not be negative");
const Currency = z.string().refine(isKnownCurrency, (v) => ({ message: `unknown currency ${JSON.stringify(v)}` }));
const MoneySchema = z.object({ amountMinor: z.number().int(), currency: Currency });


const LineSchema = z.object({
  lineId: z.string().min(1),
  sku: z.string().min(1).nullable(),
  variantId: z.string().nullish(),
  title: z.string().default(""),
  ordered: Count,
  cancelled: Count.default(0),
  fulfilled: Count.default(0),
  kind: z.enum(["stock", "gift_card", "tip", "custom", "digital", "no_shipping"]).default("stock"),
  flags: z.array(z.enum(["UNMAPPED", "SKU_DRIFT"])).default([]),
  unitPrice: MoneySchema.optional(),
});

const Instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 instant");

export const NormalisedOrderSchema = z.object({
  channel: z.string().min(1),
  externalId: z.string().min(1),
  orderNumber: z.string().optional(),
  placedAt: Instant,
  channelUpdatedAt: Instant.optional(),
  status: z.enum(["open", "cancelled", "closed"]).default("open"),
  fulfilment: z.enum(["merchant", "marketplace"]).default("merchant"),
  currency: Currency,
  totals: z.object({ shop: MoneySchema.optional(), presentment: MoneySchema.optional() }).optional(),
  shipTo: AddressSchema.nullable().default(null),
  priority: z.number().int().optional(),
  policy: z.enum(["partial", "complete"]).optional(),
  lines: z.array(LineSchema),
});

/** Whether a JSON object looks like a normalised order rather than a channel payload. */
export const looksNormalised = (v: Record<string, unknown>): boolean => "externalId" in v && "lines" in v;
