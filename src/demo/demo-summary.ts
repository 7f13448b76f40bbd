import { renderReport } from "../cli/report/render-report.js";
import type { DemoFacts } from "./demo-facts.js";
import type { DemoResult } from "./run-demo.js";

/**
 * The demo's closing digest: what went in, what the pipeline did at each phase, what each peer got.
 * The business report itself is src/cli/report's (buildReport/renderReport), printed first; this
 * digest only counts the demo's own evidence (DemoFacts).
 */
const byTransport = (f: DemoFacts) => {
  const out: Record<string, { pos: number; units: number; received: number }> = {};
  for (const po of f.purchaseOrders) {
    const t = (out[po.dropship ? `${po.transport} (drop-ship)` : po.transport] ??= { pos: 0, units: 0, received: 0 });
    t.pos++;
    t.units += po.lines.reduce((s, l) => s + l.quantity, 0);
    t.received += po.lines.reduce((s, l) => s + l.received, 0);
  }
  return out;
};

const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

export const demoDigest = (r: DemoResult) => ({
  seed: r.seed,
  elapsedSeconds: Math.round(r.elapsedMs / 100) / 10,
  input: {
    olistOrders: r.input.orders.length,
    viaWebhook: r.input.orders.filter((o) => o.via === "webhook").length,
    shopifyExportOrders: r.input.shopifyExport?.orders.mapped ?? 0,
    vendors: r.input.catalog.vendors.length, offers: r.input.catalog.offers.length, stockedSkus: r.input.catalog.stock.size,
  },
  ordersByChannel: r.final.ordersByChannel,
  marketplaceFulfilled: r.final.marketplaceFulfilled,
  afterBatch: { onHold: r.afterBatch.onHold, backorderedUnits: sum(r.afterBatch.shortfallBySku), noVendor: r.afterBatch.backorderExceptions, purchaseOrders: r.afterBatch.purchaseOrders.length, byTransport: byTransport(r.afterBatch) },
  supplierAnswers: { received: r.answers.received.length, acknowledged: r.answers.acknowledged.length, byTransport: r.answers.byTransport },
  final: { onHold: r.final.onHold, backorderedUnits: sum(r.final.shortfallBySku), holdsPlaced: r.final.holds.placed, holdsReleased: r.final.holds.released, byTransport: byTransport(r.final) },
  peers: { http: r.final.peers.httpKeys.length, email: r.final.peers.smtpMessageIds.length, sftp: r.final.peers.sftpFiles.length },
  failedJobs: r.failedJobs,
});

const table = (rows: [string, string | number][]): string => {
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`).join("\n");
};

export const renderDemoSummary = (r: DemoResult): { text: string; json: unknown } => {
  const d = demoDigest(r);
  const transports = Object.entries(d.final.byTransport).map(([t, v]) => [`POs by ${t}`, `${v.pos} POs, ${v.units} units, ${v.received} received`] as [string, string]);
  const text = [
    `backorder demo (seed ${d.seed}) finished in ${d.elapsedSeconds} s`,
    table([
      ["orders (Olist / via webhook)", `${d.input.olistOrders} / ${d.input.viaWebhook}`],
      ["Shopify export orders", d.input.shopifyExportOrders],
      ...Object.entries(d.ordersByChannel).map(([c, n]) => [`stored in ${c}`, n] as [string, number]),
      ["Amazon-fulfilled (no demand)", d.marketplaceFulfilled],
      ["vendors / offers / stocked SKUs", `${d.input.vendors} / ${d.input.offers} / ${d.input.stockedSkus}`],
      ["on hold after batching", d.afterBatch.onHold],
      ["backordered units after batching", d.afterBatch.backorderedUnits],
      ["short lines without a vendor", d.afterBatch.noVendor],
      ["purchase orders sent", d.afterBatch.purchaseOrders],
      ...transports,
      ["POs received / acknowledged", `${d.supplierAnswers.received} / ${d.supplierAnswers.acknowledged}`],
      ["on hold at the end", d.final.onHold],
      ["holds placed / released on Shopify", `${d.final.holdsPlaced} / ${d.final.holdsReleased}`],
      ["peers got (HTTP / e-mail / SFTP)", `${d.peers.http} / ${d.peers.email} / ${d.peers.sftp}`],
      ["failed jobs", d.failedJobs],
    ]),
  ].join("\n");
  return { text: `${renderReport(r.report)}\n\n${text}`, json: { report: r.report, demo: d } };
};
