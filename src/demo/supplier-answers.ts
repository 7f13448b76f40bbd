import type { LoadedConfig } from "../config/load-config.js";
import type { SupplierEvent } from "../connectors/suppliers/events.js";
import type { HttpSupplierPeer } from "../emulators/supplier/http-supplier.peer.js";
import { Queues, jobIdOf } from "../jobs/queue-names.js";
import type { StoredPurchaseOrder } from "../persistence/pipeline/purchase-order.repository.js";
import { supplierEventId } from "../persistence/pipeline/supplier-event.repository.js";
import type { Service } from "../main.js";

export interface AnswerSummary {
  received: string[];
  acknowledged: string[];
  byTransport: Record<string, { received: number; acknowledged: number }>;
}

const receiptOf = (po: StoredPurchaseOrder, at: string) => ({
  kind: "receipt" as const, eventId: `demo-rcpt-${po.poNumber}`, poNumber: po.poNumber, receivedAt: at.slice(0, 10),
  lines: po.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity })),
});

const ackOf = (po: StoredPurchaseOrder) => ({
  kind: "acknowledgement" as const, eventId: `demo-ack-${po.poNumber}`, poNumber: po.poNumber,
  lines: po.lines.map((l) => ({ lineNo: l.lineNo, status: "accepted" as const, quantity: l.quantity })),
});

/**
 * What a manual receipt does (`po receive`-style, and how an SFTP vendor's 856 lands when the
 * SFTP outbound poll is not wired): store the event under a content id, then queue po.inbound —
 * the same two steps as the signed callback route (src/server/supplier-callback.router.ts).
 */
const recordManual = async (service: Service, vendor: string, event: SupplierEvent, at: string): Promise<void> => {
  const id = supplierEventId("manual", vendor, event.eventId);
  await service.deps.supplierEvents.record({ _id: id, source: "manual", vendor, poNumber: event.poNumber, event: event as unknown as Record<string, unknown>, receivedAt: at });
  await service.runtime.queue(Queues.inbound).add(Queues.inbound, { eventId: id }, { jobId: jobIdOf("inbound", id) });
};

/**
 * The vendors answer: POs in PO-number order, every other one (1st, 3rd, …) is received in full;
 * HTTP vendors send a signed receipt callback, e-mail and SFTP vendors get a manual receipt. The
 * remaining POs of HTTP vendors are acknowledged as accepted by signed callback.
 */
export const answerPurchaseOrders = async (o: { service: Service; config: LoadedConfig; http: HttpSupplierPeer; secret: string; at: string }): Promise<AnswerSummary> => {
  const pos = (await o.service.deps.purchaseOrders.list()).filter((p) => p.delivery.state === "sent").sort((a, b) => (a.poNumber < b.poNumber ? -1 : 1));
  const summary: AnswerSummary = { received: [], acknowledged: [], byTransport: {} };
  const base = o.service.server?.url;
  if (!base) throw new Error("the demo needs the server role for supplier callbacks");
  for (const [i, po] of pos.entries()) {
    const kind = o.config.vendors.find((v) => v.id === po.vendor)?.transport.kind ?? "http";
    const tally = (summary.byTransport[kind] ??= { received: 0, acknowledged: 0 });
    const url = `${base}/callbacks/suppliers/${po.vendor}`;
    if (i % 2 === 0) {
      const event = receiptOf(po, o.at);
      if (kind === "http") await expectAccepted(await o.http.sendCallback(url, event, o.secret), po.poNumber);
      else await recordManual(o.service, po.vendor, { ...event, source: kind === "sftp" ? "x12" : "http" }, o.at);
      summary.received.push(po.poNumber);
      tally.received++;
    } else if (kind === "http") {
      await expectAccepted(await o.http.sendCallback(url, ackOf(po), o.secret), po.poNumber);
      summary.acknowledged.push(po.poNumber);
      tally.acknowledged++;
    }
  }
  return summary;
};

const expectAccepted = async (status: number, poNumber: string): Promise<void> => {
  if (status !== 202) throw new Error(`supplier callback for ${poNumber} was answered ${status}, expected 202`);
};
