import type { HttpSupplierPeer } from "../../src/emulators/supplier/http-supplier.peer.js";
import { supplierEventId } from "../../src/persistence/pipeline/supplier-event.repository.js";
import type { Service } from "../../src/main.js";
import { VENDOR } from "./dataset.js";

export interface Progress {
  nudges: number;
  problems: string[];
  /** Seconds each phase took, in order. */
  phases: [string, number][];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until `done` holds (`stable` times in a row), nudging every few seconds the way the
 * scheduler would (a poll, a batch window, a reconcile): jobs lost with a Redis restart are
 * rebuilt from MongoDB by the reconciler, never by the trial. Reads may fail while a server
 * restarts; that is retried. A phase that never finishes is recorded as a violation.
 */
export const phaseDone = async (
  name: string,
  timeoutMs: number,
  progress: Progress,
  nudge: (k: number) => Promise<void>,
  /** true when done, otherwise what is still missing (reported if the phase times out). */
  done: () => Promise<true | string>,
  stable = 1,
): Promise<void> => {
  const began = Date.now();
  const deadline = began + timeoutMs;
  let k = 0;
  let lastNudge = 0;
  let streak = 0;
  let lastError = "";
  let missing = "";
  while (Date.now() < deadline) {
    if (Date.now() - lastNudge > 3_000) {
      lastNudge = Date.now();
      await nudge(k++);
    }
    try {
      const r = await done();
      if (r !== true) missing = r;
      streak = r === true ? streak + 1 : 0;
      if (streak >= stable) {
        progress.phases.push([name, Math.round((Date.now() - began) / 100) / 10]);
        return;
      }
    } catch (err) {
      streak = 0;
      lastError = (err as Error).message;
    }
    await sleep(400);
  }
  progress.phases.push([name, Math.round((Date.now() - began) / 100) / 10]);
  progress.problems.push(`phase "${name}" did not finish within ${timeoutMs} ms: ${missing}${lastError ? ` (last read error: ${lastError})` : ""}`);
};

/**
 * Each PO arrives in two signed receipt callbacks (half, then the rest), sent until the server
 * answers 202 (it answers 503 or 500 while Redis or Mongo is down). Returns the stored event ids.
 */
export const sendReceipts = async (control: Service, peer: HttpSupplierPeer, secret: string, timeoutMs: number): Promise<string[]> => {
  const url = `${control.server?.url}/callbacks/suppliers/${VENDOR}`;
  const ids: string[] = [];
  for (const po of await control.deps.purchaseOrders.list()) {
    for (const part of [1, 2] as const) {
      const lines = po.lines
        .map((l) => ({ vendorSku: l.vendorSku, quantity: part === 1 ? Math.floor(l.quantity / 2) : l.quantity - Math.floor(l.quantity / 2) }))
        .filter((l) => l.quantity > 0);
      if (lines.length === 0) continue;
      const eventId = `rcpt-${po.poNumber}-${part}`;
      const event = { kind: "receipt", eventId, poNumber: po.poNumber, receivedAt: "2026-12-03", lines };
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = await peer.sendCallback(url, event, secret).catch(() => 0);
        if (status === 202) break;
        if (Date.now() > deadline) throw new Error(`receipt ${eventId} refused with ${status} until the deadline`);
        await sleep(500);
      }
      ids.push(supplierEventId("callback", VENDOR, eventId));
    }
  }
  return ids;
};
