import type { SalesOrder } from "../../domain/order.js";

/** A payload we could not accept, kept for quarantine (never dropped). */
export interface Rejection {
  ref: string;
  reason: string;
  payload: unknown;
}

/** A valid payload that is deliberately not demand yet (Amazon Pending): not an error, not stored. */
export interface Deferral {
  ref: string;
  reason: string;
}

export interface MapResult {
  orders: SalesOrder[];
  rejected: Rejection[];
  deferred?: Deferral[];
}

export type MapOne = { ok: true; order: SalesOrder } | { ok: false; rejection: Rejection } | { ok: "deferred"; deferral: Deferral };

/** Reads a zod error as one line naming each path (the quarantine reason a person reads). */
export const describeZodError = (err: { issues: { path: (string | number)[]; message: string }[] }): string =>
  err.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");

/** Wire timestamps (with offsets or in Shopify's CSV "2025-05-11 09:55:16 -0400" form) to ISO UTC. */
export const toIsoInstant = (text: string): string => {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(text.trim());
  const normal = m ? `${m[1]}T${m[2]}${m[3]}:${m[4]}` : text.trim();
  const d = new Date(normal);
  if (Number.isNaN(d.getTime())) throw new Error(`not a timestamp: ${JSON.stringify(text)}`);
  return d.toISOString();
};

export const collect = (results: MapOne[]): MapResult => {
  const out: Required<MapResult> = { orders: [], rejected: [], deferred: [] };
  for (const r of results) {
    if (r.ok === true) out.orders.push(r.order);
    else if (r.ok === false) out.rejected.push(r.rejection);
    else out.deferred.push(r.deferral);
  }
  return out;
};
