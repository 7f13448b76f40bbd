import type { Connection } from "mongoose";
import type { MetricSample } from "./prometheus-format.js";

/**
 * Business gauges for /metrics, read with a few counting queries (cheap next to a scrape
 * interval): orders on hold, open backorder lines and units, POs by state and delivery state.
 */
export const pipelineMetrics = (conn: Connection) => async (): Promise<MetricSample[]> => {
  const count = (collection: string, filter: Record<string, unknown>) => conn.collection(collection).countDocuments(filter);
  const samples: MetricSample[] = [
    { name: "backorder_orders_on_hold", value: await count("evaluations", { onHold: true }), type: "gauge", help: "Sales orders waiting on backordered lines" },
    { name: "backorder_open_backorder_lines", value: await count("backorder_lines", { quantity: { $gt: 0 } }), type: "gauge", help: "Order lines with a shortfall" },
  ];
  for (const state of ["draft", "issued", "acknowledged", "partially_received", "received", "closed", "cancelled"]) {
    samples.push({ name: "backorder_purchase_orders", value: await count("purchase_orders", { state }), labels: { state }, type: "gauge", help: "Purchase orders by state" });
  }
  for (const delivery of ["pending", "sending", "sent", "failed"]) {
    samples.push({ name: "backorder_po_deliveries", value: await count("purchase_orders", { "delivery.state": delivery }), labels: { delivery }, type: "gauge", help: "Purchase orders by delivery state" });
  }
  samples.push({ name: "backorder_quarantined_inputs", value: await count("quarantine", {}), type: "gauge", help: "Inputs kept in quarantine" });
  return samples;
};
