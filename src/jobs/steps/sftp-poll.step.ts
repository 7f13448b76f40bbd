import type { SftpPollOptions, PollResult, PolledFileHandler } from "../../connectors/suppliers/sftp/sftp-outbound.poller.js";
import { supplierEventId } from "../../persistence/pipeline/supplier-event.repository.js";
import type { PipelineDeps } from "./pipeline-deps.js";

/**
 * Reads a vendor's SFTP outbound folder (X12 855/856): each file's events are stored before the
 * file is archived, then queued for po.inbound; a file read twice yields the same event ids.
 * Unreadable files are moved aside by the poller and recorded here in the audit trail.
 */
export const sftpPollStep = async (
  deps: PipelineDeps,
  vendor: string,
  poll: (opts: SftpPollOptions, onFile: PolledFileHandler) => Promise<PollResult>,
  opts: SftpPollOptions,
  enqueue: (eventId: string) => Promise<void>,
): Promise<number> => {
  const queued: string[] = [];
  const result = await poll(opts, async (file) => {
    for (const event of file.events) {
      const id = supplierEventId("sftp", vendor, event.eventId);
      const at = deps.now().toISOString();
      await deps.supplierEvents.record({ _id: id, source: "sftp", vendor, poNumber: event.poNumber, event: event as unknown as Record<string, unknown>, receivedAt: at });
      queued.push(id);
    }
  });
  for (const id of queued) await enqueue(id);
  await deps.events.append(
    result.rejected.map((r) => ({ id: `sftp:${vendor}:${r.file}:${r.code}`, at: deps.now().toISOString(), entity: "quarantine" as const, ref: `sftp:${vendor}`, what: "file refused", why: `[${r.code}] ${r.message}`, data: { file: r.file } })),
  );
  return queued.length;
};
