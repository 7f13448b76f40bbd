import { inFlightGrants, liveNeed, type DecidedGrant } from "../../domain/live-need.js";
import type { BackorderDoc } from "../../persistence/pipeline/backorder.repository.js";
import type { EvaluationDoc } from "../../persistence/pipeline/evaluation.repository.js";
import type { PipelineDeps } from "./pipeline-deps.js";

/**
 * Reads, for these backorder lines, every fact their live need depends on (their orders'
 * evaluations by `_id`, and supplier events decided but not yet applied) and returns the need per
 * `order#line` (see liveNeed). Lines absent from the map need nothing.
 */
export const liveNeeds = async (deps: PipelineDeps, lines: readonly BackorderDoc[]): Promise<Map<string, number>> => {
  if (lines.length === 0) return new Map();
  const orders = [...new Set(lines.map((l) => l.order))];
  const evaluations = new Map<string, EvaluationDoc>();
  for (const ev of await Promise.all(orders.map((o) => deps.evaluations.get(o)))) if (ev) evaluations.set(ev._id, ev);
  const grants: DecidedGrant[] = [];
  const decided = (await deps.supplierEvents.unapplied()).filter((ev) => ev.outcome);
  // Only an effect its PO already carries has taken units off the PO's covers (the PO is the
  // receipt's commit point); one recorded but not saved on the PO will be decided again.
  const pos = new Map((await Promise.all([...new Set(decided.map((ev) => ev.poNumber))].map((n) => deps.purchaseOrders.get(n)))).filter((p) => p !== null).map((p) => [p.poNumber, p]));
  for (const ev of decided.filter((e) => (pos.get(e.poNumber)?.appliedEvents ?? []).includes(e._id))) {
    const allocations = (ev.outcome as { allocations?: { order: string; line: string; quantity: number }[] } | undefined)?.allocations ?? [];
    for (const a of allocations) {
      const given = (evaluations.get(a.order)?.appliedOps ?? []).includes(ev._id);
      grants.push({ order: a.order, line: a.line, quantity: a.quantity, given });
    }
  }
  const inFlight = inFlightGrants(grants);
  const out = new Map<string, number>();
  for (const l of lines) {
    const ev = evaluations.get(l.order);
    const key = `${l.order}#${l.line}`;
    out.set(key, liveNeed({
      recorded: l.quantity,
      evaluated: ev?.lines.find((x) => x.lineId === l.line)?.shortfall,
      intended: ev?.pending ? (ev.pending.lines.find((x) => x.lineId === l.line)?.shortfall ?? 0) : undefined,
      inFlight: inFlight.get(key) ?? 0,
    }));
  }
  return out;
};
