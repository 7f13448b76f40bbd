/**
 * The end-of-trial invariants of the reliability trials (perf-reliability.md §C3), as pure
 * functions over what MongoDB, the supplier peer's own log and the queues say after quiescence.
 * Each returns human-readable violations; an empty list means the invariant holds.
 */

export interface InputLine {
  lineId: string;
  sku: string;
  qty: number;
}

export interface ChaosSnapshot {
  input: {
    orders: { key: string; lines: InputLine[] }[];
    /** On hand per `sku@location` before the run. */
    initialOnHand: Record<string, number>;
    /** SKUs some vendor sells: only these can be backordered onto a PO. */
    purchasable: string[];
  };
  storedOrderKeys: string[];
  evaluations: {
    key: string;
    onHold: boolean;
    pending: boolean;
    lines: { lineId: string; sku: string | null; needed: number; allocated: number; shortfall: number; picks: { location: string; quantity: number }[] }[];
  }[];
  purchaseOrders: {
    poNumber: string;
    batchKey: string;
    state: string;
    deliveryState: string;
    lines: { sku: string; quantity: number; covers: { order: string; line: string; quantity: number }[] }[];
  }[];
  /** What the supplier peer says it accepted (one record per idempotency key) and the PO number in each body. */
  peer: { received: { idempotencyKey: string; poNumber: string | null }[]; duplicateAttempts: string[] };
  /** Applied receipts: units added to stock, and units granted to order lines. */
  receipts: { eventId: string; applied: boolean; onHand: { sku: string; location: string; units: number }[]; grants: { order: string; line: string; quantity: number }[] }[];
  /** Units shipped to customers per `sku@location` (fulfilment is outside the trial: usually empty). */
  shipped: Record<string, number>;
  stock: { sku: string; location: string; onHand: number; committed: number }[];
  queues: { name: string; active: number; waiting: number; delayed: number; failed: number; failedReasons?: string[] }[];
}

export interface InvariantResult {
  name: string;
  violations: string[];
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const countBy = (xs: readonly string[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
};

/** Every input order is stored exactly once, nothing else is stored, and every one was evaluated. */
export const ordersStoredOnce = (s: ChaosSnapshot): string[] => {
  const stored = countBy(s.storedOrderKeys);
  const evaluated = new Set(s.evaluations.map((e) => e.key));
  const inputKeys = new Set(s.input.orders.map((o) => o.key));
  const out: string[] = [];
  for (const key of inputKeys) {
    const n = stored.get(key) ?? 0;
    if (n !== 1) out.push(`order ${key} stored ${n} times`);
    if (!evaluated.has(key)) out.push(`order ${key} never evaluated`);
  }
  for (const key of stored.keys()) if (!inputKeys.has(key)) out.push(`order ${key} stored but not in the input`);
  return out;
};

const coverKey = (order: string, line: string) => `${order}#${line}`;

/**
 * Every backordered unit is on exactly one PO line. A PO line's covers shrink as receipts serve
 * them, so what a line was bought for is its remaining cover plus what receipts granted it. Per SKU
 * that never exceeds the units the initial stock could not serve (it may be less: units a case pack
 * or a minimum added to a PO serve later lines as free stock); per line, every unit still short has
 * an unreceived cover and no line was bought for more than it needs.
 */
export const backordersCoveredOnce = (s: ChaosSnapshot): string[] => {
  const out: string[] = [];
  const remaining = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const po of s.purchaseOrders) {
    for (const l of po.lines) {
      for (const [key, n] of countBy(l.covers.map((c) => coverKey(c.order, c.line)))) if (n > 1) out.push(`${po.poNumber} line ${l.sku} covers ${key} ${n} times`);
      for (const c of l.covers) add(remaining, coverKey(c.order, c.line), c.quantity);
    }
  }
  const granted = new Map<string, number>();
  for (const r of s.receipts.filter((x) => x.applied)) for (const g of r.grants) add(granted, coverKey(g.order, g.line), g.quantity);
  const bought = (k: string) => (remaining.get(k) ?? 0) + (granted.get(k) ?? 0);
  const purchasable = new Set(s.input.purchasable);
  for (const sku of purchasable) {
    const needed = sum(s.input.orders.flatMap((o) => o.lines.filter((l) => l.sku === sku).map((l) => l.qty)));
    const onHand = sum(Object.entries(s.input.initialOnHand).filter(([k]) => k.startsWith(`${sku}@`)).map(([, v]) => v));
    const expected = Math.max(0, needed - onHand);
    const actual = sum(s.input.orders.flatMap((o) => o.lines.filter((l) => l.sku === sku).map((l) => bought(coverKey(o.key, l.lineId)))));
    if (actual > expected) out.push(`${sku}: ${actual} units bought on POs, more than the ${expected} short (${needed} ordered, ${onHand} on hand)`);
  }
  for (const e of s.evaluations) {
    for (const l of e.lines) {
      if (!l.sku || !purchasable.has(l.sku)) continue;
      const k = coverKey(e.key, l.lineId);
      const open = remaining.get(k) ?? 0;
      if (open < l.shortfall) out.push(`${k}: ${l.shortfall} short but only ${open} unreceived units on POs`);
      if (bought(k) > l.needed) out.push(`${k}: ${bought(k)} units bought on POs for a line that needs ${l.needed}`);
    }
  }
  for (const [key, n] of countBy(s.purchaseOrders.map((p) => p.batchKey))) if (n > 1) out.push(`batch key ${key} has ${n} POs`);
  return out;
};

const LIVE_PO_STATES = new Set(["issued", "acknowledged", "partially_received", "received", "closed"]);

/** Every issued PO reached its peer exactly once (the peer's own log), and the peer holds nothing else. */
export const posDeliveredOnce = (s: ChaosSnapshot): string[] => {
  const out: string[] = [];
  const byKey = countBy(s.peer.received.map((r) => r.idempotencyKey));
  const byNumber = countBy(s.peer.received.map((r) => r.poNumber ?? r.idempotencyKey));
  const known = new Set(s.purchaseOrders.map((p) => p.poNumber));
  for (const po of s.purchaseOrders) {
    if (!LIVE_PO_STATES.has(po.state)) continue;
    const n = byNumber.get(po.poNumber) ?? 0;
    if (n !== 1) out.push(`${po.poNumber} reached the supplier ${n} times`);
    if (po.deliveryState !== "sent") out.push(`${po.poNumber} delivery state is ${po.deliveryState}, not sent`);
  }
  for (const [key, n] of byKey) if (n > 1) out.push(`idempotency key ${key} accepted ${n} times`);
  for (const r of s.peer.received) if (!known.has(r.poNumber ?? r.idempotencyKey)) out.push(`supplier holds ${r.poNumber ?? r.idempotencyKey}, which is no PO of ours`);
  return out;
};

/** on hand = initial + received − shipped; committed = the sum of allocations over evaluations. */
export const stockBalances = (s: ChaosSnapshot): string[] => {
  const out: string[] = [];
  const received = new Map<string, number>();
  for (const r of s.receipts.filter((x) => x.applied)) for (const u of r.onHand) received.set(`${u.sku}@${u.location}`, (received.get(`${u.sku}@${u.location}`) ?? 0) + u.units);
  const committed = new Map<string, number>();
  for (const e of s.evaluations) for (const l of e.lines) for (const p of l.picks) if (l.sku) committed.set(`${l.sku}@${p.location}`, (committed.get(`${l.sku}@${p.location}`) ?? 0) + p.quantity);
  const keys = new Set([...s.stock.map((x) => `${x.sku}@${x.location}`), ...Object.keys(s.input.initialOnHand), ...received.keys(), ...committed.keys()]);
  const level = new Map(s.stock.map((x) => [`${x.sku}@${x.location}`, x]));
  for (const k of keys) {
    const onHand = level.get(k)?.onHand ?? 0;
    const expectOnHand = (s.input.initialOnHand[k] ?? 0) + (received.get(k) ?? 0) - (s.shipped[k] ?? 0);
    if (onHand !== expectOnHand) out.push(`${k}: on hand ${onHand}, expected ${expectOnHand}`);
    const c = level.get(k)?.committed ?? 0;
    if (c !== (committed.get(k) ?? 0)) out.push(`${k}: committed ${c}, allocations add up to ${committed.get(k) ?? 0}`);
  }
  for (const e of s.evaluations) for (const l of e.lines) {
    if (l.allocated !== sum(l.picks.map((p) => p.quantity))) out.push(`${e.key}#${l.lineId}: allocated ${l.allocated} but picks add up to ${sum(l.picks.map((p) => p.quantity))}`);
    if (l.allocated + l.shortfall > l.needed) out.push(`${e.key}#${l.lineId}: allocated ${l.allocated} + short ${l.shortfall} exceeds needed ${l.needed}`);
  }
  return out;
};

/** No order waits for nothing, and no order was released with units still missing. */
export const holdsMatchShortfalls = (s: ChaosSnapshot): string[] =>
  s.evaluations.flatMap((e) => {
    const short = e.lines.some((l) => l.shortfall > 0);
    if (e.onHold && !short) return [`${e.key} is on hold although every line is allocated`];
    if (!e.onHold && short) return [`${e.key} is released although a line is short`];
    return [];
  });

/** Nothing half done: no job active, waiting, delayed or failed; no evaluation left pending. */
export const nothingStuck = (s: ChaosSnapshot): string[] => [
  ...s.queues.flatMap((q) =>
    (["active", "waiting", "delayed", "failed"] as const)
      .filter((k) => q[k] > 0)
      .map((k) => `queue ${q.name}: ${q[k]} ${k} job(s)${k === "failed" && q.failedReasons?.length ? ` (${q.failedReasons.join("; ")})` : ""}`),
  ),
  ...s.evaluations.filter((e) => e.pending).map((e) => `evaluation of ${e.key} left pending`),
  ...s.receipts.filter((r) => !r.applied).map((r) => `supplier event ${r.eventId} never applied`),
];

export const INVARIANTS: readonly [string, (s: ChaosSnapshot) => string[]][] = [
  ["orders stored exactly once", ordersStoredOnce],
  ["backordered units on exactly one PO line", backordersCoveredOnce],
  ["POs delivered exactly once", posDeliveredOnce],
  ["stock balances", stockBalances],
  ["holds match shortfalls", holdsMatchShortfalls],
  ["no job active or stuck", nothingStuck],
];

export const checkInvariants = (s: ChaosSnapshot): InvariantResult[] => INVARIANTS.map(([name, fn]) => ({ name, violations: fn(s) }));
