import type { LoadedConfig } from "../config/load-config.js";
import type { SupplierPeers } from "../cli/emulate-supplier.js";
import type { Service } from "../main.js";

/**
 * What the pipeline stored, read back from MongoDB, plus what each supplier peer logged. This is
 * not the report (src/cli/report builds that): it is the raw evidence the demo's test checks.
 */
export interface DemoPoFact {
  poNumber: string;
  vendor: string;
  transport: string;
  state: string;
  delivery: string;
  reference: string | undefined;
  dropship: boolean;
  lines: { sku: string; quantity: number; covered: number; surplus: number; received: number }[];
}

export interface DemoFacts {
  ordersByChannel: Record<string, number>;
  marketplaceFulfilled: number;
  evaluated: number;
  onHold: number;
  /** Sum of line shortfalls per SKU, over every evaluation. */
  shortfallBySku: Record<string, number>;
  backorderExceptions: number;
  purchaseOrders: DemoPoFact[];
  peers: { httpKeys: string[]; smtpMessageIds: string[]; sftpFiles: string[] };
  holds: { placed: number; released: number };
}

export const collectFacts = async (service: Service, config: LoadedConfig, peers: SupplierPeers, holds: { placed: number; released: number }): Promise<DemoFacts> => {
  const { deps } = service;
  const ordersByChannel: Record<string, number> = {};
  for (const c of config.channels) ordersByChannel[c.id] = await deps.orders.countOrders({ channel: c.id });
  const afn = (await deps.orders.listOrders({})).filter((o) => o.fulfilment === "marketplace").length;
  const evaluations = await deps.evaluations.list();
  const shortfallBySku: Record<string, number> = {};
  for (const l of evaluations.flatMap((e) => e.lines)) if (l.sku && l.shortfall > 0) shortfallBySku[l.sku] = (shortfallBySku[l.sku] ?? 0) + l.shortfall;
  const transportOf = (vendor: string) => config.vendors.find((v) => v.id === vendor)?.transport.kind ?? "unknown";
  const purchaseOrders = (await deps.purchaseOrders.list()).sort((a, b) => (a.poNumber < b.poNumber ? -1 : 1)).map((po) => ({
    poNumber: po.poNumber, vendor: po.vendor, transport: transportOf(po.vendor), state: po.state, delivery: po.delivery.state, reference: po.delivery.reference,
    dropship: po.shipTo.kind === "customer",
    lines: po.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, covered: l.covers.reduce((s, c) => s + c.quantity, 0), surplus: l.surplus, received: l.receivedQuantity })),
  }));
  return {
    ordersByChannel, marketplaceFulfilled: afn, evaluated: evaluations.filter((e) => !e.pending).length, onHold: evaluations.filter((e) => e.onHold).length,
    shortfallBySku, backorderExceptions: (await deps.backorders.open({ exception: { $exists: true } })).length, purchaseOrders,
    peers: {
      httpKeys: peers.http.received().map((r) => r.idempotencyKey).sort(),
      smtpMessageIds: peers.smtp.received().map((m) => m.messageId).sort(),
      sftpFiles: (await peers.sftp.received()).map((f) => f.name).sort(),
    },
    holds,
  };
};
