import { evaluateOrder } from "../../domain/allocation.js";
import { orderStateFor } from "../../domain/order-state.js";
import { chooseVendor } from "../../domain/vendor-choice.js";
import type { LineAllocation, Shortfall } from "../../domain/allocation.js";
import { crashPoint } from "../../shared/crash-points.js";
import { withLocks } from "../../shared/lock.js";
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
  const [order, before] = await Promise.all([deps.orders.getOrder(channel, externalId), deps.evaluations.get(key)]);
  if (!order) return "missing";
  const skus = [...order.lines.map((l) => l.sku), ...(before?.lines ?? []).map((l) => l.sku)].filter((s): s is string => s !== null);
  return withLocks(deps.redis, [`order:${key}`, ...skus.map((s) => `sku:${s}`)], async () => {
    const current = await deps.evaluations.get(key);
    const settled = current?.pending ? await finishPending(deps, key, current, current.pending) : current;
    if (settled && settled.version >= order.version && !force) return "unchanged";
    const cfg = deps.config.channels.find((c) => c.id === channel);
    const locations = cfg?.locations ?? ["main"];
    const evaluation = evaluateOrder({
      order,
      stock: await deps.stock.levels(stockPairs(skus, locations, settled?.lines ?? [])),
      locations,
      previous: settled?.lines ?? [],
      policy: cfg?.backorder.mode,
      channelPriority: cfg?.backorder.priority,
    });
    const needed = evaluation.lines.reduce((s, l) => s + l.needed, 0);
    const pending: PendingEvaluation = {
      seq: (settled?.seq ?? 0) + 1,
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
    await finishPending(deps, key, { ...base, pending } as EvaluationDoc, pending);
    return "evaluated";
  });
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
const finishPending = async (deps: PipelineDeps, key: string, before: EvaluationDoc, p: PendingEvaluation): Promise<EvaluationDoc> => {
  const at = deps.now().toISOString();
  const opId = opIdOf(key, p.seq);
  await deps.stock.apply(opId, p.deltas);
  const previouslyShort = before.lines.filter((l) => l.shortfall > 0).map((l) => l.lineId);
  await recordShortfalls(deps, key, before.channel, p.shortfalls, previouslyShort, at);
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
  await deps.stock.forget(opId, p.deltas);
  await deps.events.append([
    ...(before.state !== p.state
      ? [{ id: `${opId}:state`, at, entity: "order" as const, ref: key, what: "state", from: before.state, to: p.state, why: `evaluation ${p.seq} of version ${p.version}` }]
      : []),
    ...p.deltas.map((d) => ({
      id: `${opId}:stock:${d.sku}@${d.location}`, at, entity: "stock" as const, ref: `${d.sku}@${d.location}`, what: "committed",
      why: `order ${key} evaluation ${p.seq}`, data: { committed: d.committed },
    })),
  ]);
  const freed = p.deltas.filter((d) => d.committed < 0).map((d) => d.sku);
  if (freed.length > 0) await requeueWaiting(deps, freed, key);
  if (holdFlip) await deps.next.channelSync({ channel: before.channel, externalId: before.externalId, hold: p.onHold, holdSeq });
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
