import { evaluateOrder } from "../../domain/allocation.js";
import { orderStateFor } from "../../domain/order-state.js";
import { chooseVendor } from "../../domain/vendor-choice.js";
import type { LineAllocation, Shortfall } from "../../domain/allocation.js";
import { crashPoint } from "../../shared/crash-points.js";
import { TransientError } from "../../shared/errors.js";
import { withLocks } from "../../shared/lock.js";
import type { StoredOrder } from "../../persistence/orders/order.repository.js";
import type { EvaluationDoc, PendingEvaluation } from "../../persistence/pipeline/evaluation.repository.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { requeueWaiting } from "./requeue-waiting.js";

export type EvaluateOutcome = "evaluated" | "unchanged" | "missing";

const opIdOf = (key: string, seq: number): string => `eval:${key}:${seq}`;

/**
 * Evaluates one order: under the locks of the order and its SKUs, records the intended stock
 * changes on the evaluation document, applies them once each, then records the outcome
 * (the record-intent / act / record-outcome pattern; a crash resumes from the intent).
 */
export const evaluateOrderStep = async (deps: PipelineDeps, channel: string, externalId: string, force = false): Promise<EvaluateOutcome> => {
  const key = `${channel}:${externalId}`;
  const order = await deps.orders.getOrder(channel, externalId);
  if (!order) return "missing";
  // The evaluation is read once, under the locks of the order and of the SKUs of this version.
  // Every writer of its lines holds the order's lock, so what it reads is what it will change; in
  // the rare case that it names other SKUs too (an edit swapped a SKU), all locks are released
  // and taken again with those added, so every level it touches is locked (one set, no nesting).
  let skus = skusOf(order.lines);
  for (let round = 0; round < 5; round++) {
    const held = skus;
    const result = await withLocks(deps.redis, [`order:${key}`, ...held.map((s) => `sku:${s}`)], async () => {
      const current = await deps.evaluations.get(key);
      const needed = [...new Set([...held, ...skusOf(current?.lines ?? []), ...skusOf(current?.pending?.lines ?? []), ...(current?.pending?.deltas ?? []).map((d) => d.sku)])];
      if (needed.length > held.length) return { more: needed, outcome: null };
      return { more: held, outcome: await evaluateLocked(deps, key, order, current, held, force) };
    });
    if (result.outcome !== null) return result.outcome;
    skus = result.more;
  }
  throw new TransientError("EVALUATE.SKUS_CHANGING", `evaluation of ${key} kept naming new SKUs`, { key });
};

const skusOf = (lines: readonly { sku: string | null }[]): string[] => [...new Set(lines.map((l) => l.sku).filter((s): s is string => s !== null))];

const evaluateLocked = async (deps: PipelineDeps, key: string, order: StoredOrder, current: EvaluationDoc | null, skus: readonly string[], force: boolean): Promise<EvaluateOutcome> => {
  const channel = order.channel;
  const externalId = order.externalId;
  const resumed = current?.pending ? await resumeIntent(deps, key, current, current.pending) : { settled: current, redo: false };
  const settled = resumed.settled;
  if (settled && settled.version >= order.version && !force && !resumed.redo) return "unchanged";
  const cfg = deps.config.channels.find((c) => c.id === channel);
  const locations = cfg?.locations ?? ["main"];
  const seq = (settled?.seq ?? 0) + 1;
  // Read under the SKU locks held until the op is applied: the markers seen here stay true.
  const stock = await deps.stock.read(stockPairs(skus, locations, settled?.lines ?? []), opIdOf(key, seq));
  const evaluation = evaluateOrder({
    order,
    stock: stock.levels,
    locations,
    previous: settled?.lines ?? [],
    policy: cfg?.backorder.mode,
    channelPriority: cfg?.backorder.priority,
  });
  const needed = evaluation.lines.reduce((s, l) => s + l.needed, 0);
  const pending: PendingEvaluation = {
    seq,
    version: order.version,
    deltas: evaluation.deltas,
    lines: evaluation.lines,
    shortfalls: evaluation.shortfalls,
    onHold: evaluation.onHold,
    state: orderStateFor({ status: order.status, onHold: evaluation.onHold, needed }),
  };
  const base: Omit<EvaluationDoc, "pending"> = settled ?? {
    _id: key, channel, externalId, version: -1, seq: 0, state: "open", onHold: false, holdSeq: 0, syncedHoldSeq: 0,
    placedAt: order.placedAt, priority: order.priority ?? cfg?.backorder.priority ?? 0, lines: [], shortfall: 0, updatedAt: deps.now().toISOString(),
  };
  await deps.evaluations.recordIntent(key, { ...base, placedAt: order.placedAt }, pending);
  crashPoint("evaluation-intent");
  await finishPending(deps, key, { ...base, pending } as EvaluationDoc, pending, stock.marked);
  return "evaluated";
};

/**
 * An intent left by a worker that died. Its stock changes were computed from levels read under
 * locks that died with it, so other orders may have taken those units since. If any of its
 * changes landed, the stock already shows it to everyone and the rest is applied. If none did,
 * applying it now could commit units that are gone (committed above on hand, after which keeping
 * earlier reservations fails and an order loses units it held), so it is dropped, backorder lines
 * it may have written are set back, and the order is evaluated afresh.
 */
const resumeIntent = async (deps: PipelineDeps, key: string, current: EvaluationDoc, p: PendingEvaluation): Promise<{ settled: EvaluationDoc; redo: boolean }> => {
  const opId = opIdOf(key, p.seq);
  const { marked } = await deps.stock.read(p.deltas, opId);
  if (p.deltas.length === 0 || [...marked.values()].some(Boolean)) return { settled: await finishPending(deps, key, current, p, marked), redo: false };
  const at = deps.now().toISOString();
  const was = new Map(current.lines.map((l) => [l.lineId, l.shortfall]));
  const touched = p.lines.filter((l) => l.shortfall > 0 && l.shortfall !== (was.get(l.lineId) ?? 0)).map((l) => ({ line: l.lineId, quantity: was.get(l.lineId) ?? 0 }));
  await deps.backorders.setQuantities(key, touched, at);
  await deps.evaluations.finish(key, { seq: p.seq, updatedAt: at });
  await deps.events.append([{ id: `${opId}:dropped`, at, entity: "order", ref: key, what: "intent dropped", why: `evaluation ${p.seq} died before changing stock; evaluated afresh` }]);
  const { pending: _dropped, ...rest } = current;
  return { settled: { ...rest, seq: p.seq }, redo: true };
};

/** Every SKU at every fulfilment location, plus wherever the order already holds units. */
const stockPairs = (skus: readonly string[], locations: readonly string[], previous: readonly LineAllocation[]) => [
  ...skus.flatMap((sku) => locations.map((location) => ({ sku, location }))),
  ...previous.flatMap((l) => (l.sku === null ? [] : l.picks.map((p) => ({ sku: l.sku as string, location: p.location })))),
];

/**
 * Applies a recorded evaluation: stock once per op, backorder lines, outcome, audit, hold sync.
 * Returns the evaluation as now stored.
 */
const finishPending = async (deps: PipelineDeps, key: string, before: EvaluationDoc, p: PendingEvaluation, marked?: ReadonlyMap<string, boolean>): Promise<EvaluationDoc> => {
  const at = deps.now().toISOString();
  const opId = opIdOf(key, p.seq);
  const previouslyShort = before.lines.filter((l) => l.shortfall > 0).map((l) => l.lineId);
  // Stock, backorder lines and audit are independent and each idempotent (op markers, _id upserts,
  // event ids), so they go side by side; the outcome is recorded only once all three landed.
  await Promise.all([
    deps.stock.apply(opId, p.deltas, marked),
    recordShortfalls(deps, key, before.channel, p.shortfalls, previouslyShort, at),
    deps.events.append([
      ...(before.state !== p.state
        ? [{ id: `${opId}:state`, at, entity: "order" as const, ref: key, what: "state", from: before.state, to: p.state, why: `evaluation ${p.seq} of version ${p.version}` }]
        : []),
      ...p.deltas.map((d) => ({
        id: `${opId}:stock:${d.sku}@${d.location}`, at, entity: "stock" as const, ref: `${d.sku}@${d.location}`, what: "committed",
        why: `order ${key} evaluation ${p.seq}`, data: { committed: d.committed },
      })),
    ]),
  ]);
  const holdFlip = before.onHold !== p.onHold;
  const holdSeq = before.holdSeq + (holdFlip ? 1 : 0);
  const outcome: Partial<EvaluationDoc> = {
    version: p.version,
    seq: p.seq,
    lines: p.lines,
    state: p.state,
    onHold: p.onHold,
    holdSeq,
    shortfall: p.shortfalls.reduce((s, x) => s + x.quantity, 0),
    ...(holdFlip && p.onHold ? { heldAt: at } : {}),
    ...(holdFlip && !p.onHold ? { releasedAt: at } : {}),
    updatedAt: at,
  };
  await deps.evaluations.finish(key, outcome);
  const freed = p.deltas.filter((d) => d.committed < 0).map((d) => d.sku);
  await Promise.all([
    deps.stock.forget(opId, p.deltas),
    freed.length > 0 ? requeueWaiting(deps, freed, key) : undefined,
    holdFlip ? deps.next.channelSync({ channel: before.channel, externalId: before.externalId, hold: p.onHold, holdSeq }) : undefined,
  ]);
  const { pending: _done, ...rest } = before;
  return { ...rest, ...outcome } as EvaluationDoc;
};

const recordShortfalls = async (deps: PipelineDeps, key: string, channel: string, shortfalls: readonly Shortfall[], previouslyShort: readonly string[], at: string): Promise<void> => {
  if (shortfalls.length === 0 && previouslyShort.length === 0) return;
  const cfg = deps.config.channels.find((c) => c.id === channel);
  const offers = await deps.offers.forSkus(shortfalls.map((s) => s.sku));
  const enabled = new Set(deps.config.vendors.filter((v) => v.enabled).map((v) => v.id));
  const excluded = new Set(offers.map((o) => o.vendor).filter((v) => !enabled.has(v)));
  const lines = shortfalls.map((s) => {
    const choice = chooseVendor({ sku: s.sku, offers, promiseDays: cfg?.backorder.promiseDays ?? 14, excludedVendors: excluded });
    const vendorCfg = choice.kind === "chosen" ? deps.config.vendors.find((v) => v.id === choice.offer.vendor) : undefined;
    return {
      order: key, channel, line: s.line, sku: s.sku, location: s.location, quantity: s.quantity,
      vendor: choice.kind === "chosen" ? choice.offer.vendor : null,
      dropship: choice.kind === "chosen" && choice.offer.dropship && (vendorCfg?.dropship ?? false),
      exception: choice.kind === "none" ? { code: choice.code, reason: choice.reason } : undefined,
      placedAt: s.placedAt, priority: s.priority, updatedAt: at,
    };
  });
  await deps.backorders.setForOrder(key, lines, previouslyShort, at);
};
