import { openQuantity } from "../../domain/index.js";
import type { PlanBackordersResult, PlanException } from "../../domain/index.js";
import { printableDeep } from "../ops/printable.js";
import { fillRateText, shareText } from "../report/share-text.js";

/** The --json document: stable field names others (and tests) read. */
export const planToJson = (plan: PlanBackordersResult, readExceptions: readonly PlanException[], now: string) => ({
  now,
  orders: plan.orders.map(({ order, evaluation, state }) => ({
    channel: order.channel,
    externalId: order.externalId,
    orderNumber: order.orderNumber,
    status: state,
    lines: order.lines.map((l, i) => {
      const a = evaluation.lines[i];
      return { lineId: l.lineId, sku: l.sku, quantity: openQuantity(l), allocated: a?.allocated ?? 0, backordered: a?.shortfall ?? 0, kind: l.kind };
    }),
  })),
  purchaseOrders: plan.purchaseOrders.map((po) => ({
    poNumber: po.poNumber,
    vendor: po.vendor,
    batchKey: po.batchKey,
    currency: po.currency,
    shipTo: po.shipTo.kind,
    location: po.shipTo.kind === "warehouse" ? po.shipTo.location : null,
    customerOrder: po.shipTo.kind === "customer" ? po.shipTo.order : null,
    lines: po.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, vendorSku: l.vendorSku, quantity: l.quantity, unitCost: l.unitCost, covers: l.covers })),
    surplus: po.lines.filter((l) => l.surplus > 0).map((l) => ({ sku: l.sku, quantity: l.surplus })),
  })),
  incoming: plan.incoming,
  deferred: plan.deferred,
  exceptions: [...readExceptions, ...plan.exceptions],
  metrics: plan.metrics,
});

const table = (head: string[], rows: (string | number)[][]): string => {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n");
};

/** Readable tables for a person at a terminal. */
export const planToText = (plan: ReturnType<typeof planToJson>): string => {
  // Order refs, SKUs and reasons come from the input files: control characters in them are shown escaped.
  const doc = printableDeep(plan);
  const held = doc.orders.filter((o) => o.lines.some((l) => l.backordered > 0));
  const parts = [
    `Plan at ${doc.now}: ${doc.metrics.orders} orders, ${doc.metrics.onHold} on hold, ${doc.purchaseOrders.length} purchase orders, ${doc.exceptions.length} exceptions`,
    `Backordered: ${shareText(doc.metrics.units, "units")}, ${shareText(doc.metrics.lines, "lines")}; fill rate ${fillRateText(doc.metrics.units, doc.metrics.fillRatePercent)}`,
    "",
    "Orders on hold",
    table(["order", "status", "line", "sku", "qty", "allocated", "backordered"], held.flatMap((o) => o.lines.filter((l) => l.backordered > 0).map((l) => [`${o.channel}:${o.externalId}`, o.status, l.lineId, l.sku ?? "", l.quantity, l.allocated, l.backordered]))),
    "",
    "Purchase orders",
    table(["po", "vendor", "ship to", "line", "sku", "vendor sku", "qty", "unit cost", "covers", "surplus"], doc.purchaseOrders.flatMap((po) => po.lines.map((l) => [po.poNumber, po.vendor, po.location ?? `customer ${po.customerOrder}`, l.lineNo, l.sku, l.vendorSku, l.quantity, l.unitCost, l.covers.length, l.quantity - l.covers.reduce((s, c) => s + c.quantity, 0)]))),
  ];
  if (doc.exceptions.length) parts.push("", "Exceptions", table(["ref", "code", "reason"], doc.exceptions.map((e) => [e.ref, e.code, e.reason])));
  return parts.join("\n");
};
