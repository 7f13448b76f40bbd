import type { MarketplaceConnector } from "../domain/ports.js";
import type { OrderRepository, UpsertOutcome } from "../persistence/orders/order.repository.js";
import type { QuarantineRepository } from "../persistence/orders/quarantine.repository.js";
import type { SyncCursor, SyncCursorRepository } from "../persistence/orders/sync-cursor.repository.js";

/**
 * One channel's incremental sync: fetch a page → store its orders and quarantine its rejects → only
 * then move the cursor. A crash anywhere resumes from the last stored cursor; re-reading a page is
 * harmless because the version-guarded upsert answers "unchanged".
 */
export interface SyncDeps {
  connector: MarketplaceConnector;
  orders: Pick<OrderRepository, "upsertOrder">;
  cursors: SyncCursorRepository;
  quarantine: Pick<QuarantineRepository, "add">;
}

export interface SyncProgress {
  channel: string;
  pages: number;
  counts: Record<UpsertOutcome | "rejected", number>;
  watermark: string | null;
  done: boolean;
}

export interface SyncOptions {
  /** Start a new run from this instant instead of the stored watermark (abandons a run in flight). */
  since?: string;
  /** Stop after this many pages of this call (the run stays resumable). */
  maxPages?: number;
  signal?: AbortSignal;
  onPage?: (p: SyncProgress) => void;
}

/** Nothing synced yet: start from the epoch (the channel API limits how far back it answers). */
export const INITIAL_SINCE = "1970-01-01T00:00:00.000Z";

type Run = NonNullable<SyncCursor["run"]>;
const maxIso = (...xs: (string | null | undefined)[]): string | null => xs.filter((x): x is string => !!x).sort().at(-1) ?? null;

export const syncChannel = async (deps: SyncDeps, opts: SyncOptions = {}): Promise<SyncProgress> => {
  const channel = deps.connector.channel;
  const saved = await deps.cursors.get(channel);
  let watermark = saved?.watermark ?? null;
  let run: Run = opts.since !== undefined || !saved?.run
    ? { since: opts.since ?? watermark ?? INITIAL_SINCE, pageCursor: null, highWatermark: null, pages: 0 }
    : saved.run;
  await deps.cursors.save({ channel, watermark, run });
  const progress: SyncProgress = { channel, pages: 0, counts: { created: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0 }, watermark, done: false };
  for (;;) {
    opts.signal?.throwIfAborted();
    const page = await deps.connector.fetchPage({ since: run.since, cursor: run.pageCursor, ...(opts.signal && { signal: opts.signal }) });
    for (const order of page.orders) progress.counts[(await deps.orders.upsertOrder(order)).outcome]++;
    for (const r of page.rejected) await deps.quarantine.add({ channel, source: "sync", ref: r.ref, reason: r.reason, payload: r.payload });
    progress.counts.rejected += page.rejected.length;
    progress.pages++;
    const high = maxIso(run.highWatermark, page.highWatermark);
    if (page.done) {
      watermark = maxIso(watermark, high);
      await deps.cursors.save({ channel, watermark, run: null });
      Object.assign(progress, { watermark, done: true });
      opts.onPage?.(progress);
      return progress;
    }
    run = { ...run, pageCursor: page.nextCursor, highWatermark: high, pages: run.pages + 1 };
    await deps.cursors.save({ channel, watermark, run });
    opts.onPage?.(progress);
    if (opts.maxPages !== undefined && progress.pages >= opts.maxPages) return progress;
  }
};
