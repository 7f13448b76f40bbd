import { z } from "zod";
import { loadConfig } from "../../config/load-config.js";
import type { Address, ChannelPolicy, PurchaseOrder, VendorPolicy } from "../../domain/index.js";
import { PlanUsageError } from "./plan-errors.js";

const Count = z.number().int().min(0);
const CoverageSchema = z.object({ order: z.string(), line: z.string(), quantity: Count });
const PoLineSchema = z.object({
  lineNo: z.number().int().positive(),
  sku: z.string().min(1),
  vendorSku: z.string().default(""),
  description: z.string().default(""),
  quantity: Count,
  unitCost: z.number().int().min(0).default(0),
  covers: z.array(CoverageSchema).default([]),
  surplus: Count.optional(),
  confirmedQuantity: Count.optional(),
  receivedQuantity: Count.default(0),
  expectedAt: z.string().optional(),
});
const PurchaseOrderSchema = z.object({
  poNumber: z.string().min(1),
  batchKey: z.string().optional(),
  vendor: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  shipTo: z.union([
    z.object({ kind: z.literal("warehouse"), location: z.string() }),
    z.object({ kind: z.literal("customer"), order: z.string(), address: z.any().nullable().default(null) }),
  ]).default({ kind: "warehouse", location: "main" }),
  windowStart: z.string().default(""),
  createdAt: z.string().default(""),
  state: z.enum(["draft", "issued", "acknowledged", "partially_received", "received", "closed", "cancelled"]),
  lines: z.array(PoLineSchema),
});

/** --open-pos: a JSON array of POs (the PurchaseOrder shape); a bad file is unusable (exit 2). */
export const readOpenPos = (text: string, file: string): PurchaseOrder[] => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PlanUsageError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const r = z.array(PurchaseOrderSchema).safeParse(Array.isArray(raw) ? raw : [raw]);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new PlanUsageError(`${file}: purchase order ${String(i?.path[0] ?? "?")}: ${i?.path.slice(1).join(".")}: ${i?.message}`);
  }
  return r.data.map((po): PurchaseOrder => ({
    ...po,
    shipTo: po.shipTo.kind === "warehouse" ? po.shipTo : { kind: "customer", order: po.shipTo.order, address: (po.shipTo.address ?? null) as Address | null },
    batchKey: po.batchKey ?? po.poNumber,
    lines: po.lines.map((l) => ({ ...l, surplus: l.surplus ?? Math.max(0, l.quantity - l.covers.reduce((s, c) => s + c.quantity, 0)) })),
  }));
};

/** --config-dir: channel and vendor rules from the service's own config files. */
export const readPolicies = (dir: string): { channels: ChannelPolicy[]; vendors: VendorPolicy[] } => {
  let cfg: ReturnType<typeof loadConfig>;
  try {
    cfg = loadConfig(dir);
  } catch (err) {
    throw new PlanUsageError(`${dir}: ${(err as Error).message}`);
  }
  return {
    channels: cfg.channels.map((c) => ({ id: c.id, locations: c.locations, policy: c.backorder.mode, promiseDays: c.backorder.promiseDays, priority: c.backorder.priority })),
    vendors: cfg.vendors
      .filter((v) => v.enabled)
      .map((v) => ({ id: v.id, currency: v.currency, minOrderValue: v.minOrderValue, maxLinesPerPo: v.maxLinesPerPo, dropship: v.dropship, shipToLocation: v.shipToLocation })),
  };
};
