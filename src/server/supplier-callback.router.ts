import { Router } from "express";
import type { Logger } from "pino";
import type { LoadedConfig } from "../config/load-config.js";
import { readSecret } from "../config/secrets.js";
import { parseSupplierCallback } from "../connectors/suppliers/http/callback.schemas.js";
import { SIGNATURE_HEADER, verifySupplierSignature } from "../connectors/suppliers/http/signature.js";
import { SupplierInputError } from "../connectors/suppliers/supplier-input-error.js";
import { rawBodyOf } from "./body-limit.js";
import { supplierEventId, type SupplierEventRepository } from "../persistence/pipeline/supplier-event.repository.js";

export interface SupplierCallbackDeps {
  config: LoadedConfig;
  env: NodeJS.ProcessEnv;
  supplierEvents: SupplierEventRepository;
  /** Which vendor a PO belongs to (null: no such PO): a vendor may only report on its own POs. */
  poVendor: (poNumber: string) => Promise<string | null>;
  now: () => Date;
  enqueue: (p: { eventId: string }) => Promise<void>;
  log: Logger;
}

/**
 * POST /callbacks/suppliers/:vendor — a vendor's signed acknowledgement or ship/receipt notice.
 * The signature is checked over the raw bytes; the event is stored (its id makes a re-delivery
 * one event) before it is queued, and only then is the vendor answered 202.
 */
export const createSupplierCallbackRouter = (deps: SupplierCallbackDeps): Router => {
  const router = Router();
  router.post("/:vendor", async (req, res) => {
    const vendorId = String(req.params.vendor);
    const vendor = deps.config.vendors.find((v) => v.id === vendorId);
    const secretEnv = vendor?.transport.kind === "http" ? vendor.transport.signingSecretEnv : undefined;
    const secret = secretEnv ? readSecret(deps.env, secretEnv) : undefined;
    if (!vendor || !secret) {
      res.status(404).json({ error: `no HTTP vendor ${vendorId} with a signing secret is configured` });
      return;
    }
    const body = rawBodyOf(req);
    try {
      verifySupplierSignature(body, req.get(SIGNATURE_HEADER), secret);
    } catch (err) {
      res.status(401).json({ error: (err as Error).message, code: (err as SupplierInputError).code });
      return;
    }
    let event;
    try {
      event = parseSupplierCallback(JSON.parse(body.toString("utf8")) as unknown);
    } catch (err) {
      const code = err instanceof SupplierInputError ? err.code : "SUPPLIER.BAD_JSON";
      deps.log.warn({ vendor: vendorId, code }, "supplier callback refused");
      res.status(400).json({ error: (err as Error).message, code });
      return;
    }
    // A vendor's secret proves who is calling, not which POs it may touch: an event about another
    // vendor's PO (or none) is refused before it is stored, so it can never be applied.
    const owner = await deps.poVendor(event.poNumber);
    if (owner !== vendorId) {
      const code = owner === null ? "SUPPLIER.UNKNOWN_PO" : "SUPPLIER.NOT_YOUR_PO";
      deps.log.warn({ vendor: vendorId, code }, "supplier callback refused");
      res.status(owner === null ? 404 : 403).json({ error: owner === null ? `no purchase order ${event.poNumber}` : `purchase order ${event.poNumber} is not one of ${vendorId}'s`, code });
      return;
    }
    const id = supplierEventId("callback", vendorId, event.eventId);
    const outcome = await deps.supplierEvents.record({ _id: id, source: "callback", vendor: vendorId, poNumber: event.poNumber, event: event as unknown as Record<string, unknown>, receivedAt: deps.now().toISOString() });
    try {
      await deps.enqueue({ eventId: id });
    } catch {
      // Stored but not queued: the reconciler queues unapplied events; tell the vendor to retry anyway.
      res.status(503).json({ error: "accepted for storage but the queue is unavailable; please retry" });
      return;
    }
    res.status(202).json({ eventId: event.eventId, duplicate: outcome === "duplicate" });
  });
  return router;
};
