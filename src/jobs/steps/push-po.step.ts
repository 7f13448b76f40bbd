import { PermanentError } from "../../shared/errors.js";
import { crashPoint } from "../../shared/crash-points.js";
import { withLock } from "../../shared/lock.js";
import type { PipelineDeps } from "./pipeline-deps.js";

export type PushOutcome = "sent" | "already-sent" | "not-issued";

const errorText = (err: unknown): string =>
  err instanceof Error ? `${(err as { code?: string }).code ? `[${(err as { code?: string }).code}] ` : ""}${err.message}` : String(err);

/**
 * Sends one PO exactly once in effect: the intent (`sending`, attempt count) is recorded before
 * the transport is called with the PO number as idempotency key, the outcome after. A retry after
 * a crash in between sends again with the same key, which the transports make harmless
 * (HTTP Idempotency-Key, SFTP file name, e-mail Message-ID plus delivery log).
 */
export const pushPoStep = async (deps: PipelineDeps, poNumber: string): Promise<PushOutcome> =>
  withLock(deps.redis, `po:${poNumber}`, async () => {
    const po = await deps.purchaseOrders.get(poNumber);
    if (!po) throw new PermanentError("PO.NOT_FOUND", `purchase order ${poNumber} does not exist`);
    if (po.delivery.state === "sent") return "already-sent";
    if (po.state !== "issued") return "not-issued";
    const transport = deps.transport(po.vendor);
    const attempts = po.delivery.attempts + 1;
    const at = deps.now().toISOString();
    await deps.purchaseOrders.setDelivery(poNumber, { ...po.delivery, state: "sending", transport: transport.kind, attempts, sendingSince: at });
    try {
      const result = await transport.deliver(po, poNumber);
      crashPoint("po-sent-unrecorded");
      const sentAt = deps.now().toISOString();
      await deps.events.append([{ id: `po:${poNumber}:sent`, at: sentAt, entity: "po", ref: poNumber, what: "delivered", to: transport.kind, why: result.duplicate ? "peer already had it" : undefined, data: { reference: result.reference, attempts } }]);
      await deps.purchaseOrders.setDelivery(poNumber, { state: "sent", transport: transport.kind, attempts, reference: result.reference, duplicate: result.duplicate, sentAt }, undefined, sentAt);
      return "sent";
    } catch (err) {
      await deps.purchaseOrders.setDelivery(poNumber, { ...po.delivery, state: "failed", transport: transport.kind, attempts, lastError: errorText(err) });
      throw err;
    }
  });
