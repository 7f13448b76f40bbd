import path from "node:path";
import { X12Error } from "../../documents/x12/x12-error.js";
import type { SupplierEvent } from "../events.js";
import { readSupplierX12 } from "../x12/supplier-x12.reader.js";
import { checkRemoteName } from "./remote-name.js";
import type { SftpConnectOptions, SftpSession } from "./sftp-client.js";
import { withSftp } from "./sftp-client.js";

export interface SftpPollOptions extends SftpConnectOptions {
  outboundDir: string;
  /** Processed files go here; default `<outboundDir>/archive`. */
  archiveDir?: string | undefined;
  /** Unreadable files go here with the reason in the result; default `<outboundDir>/rejected`. */
  rejectedDir?: string | undefined;
  maxFileBytes?: number | undefined;
}

export interface PollResult {
  events: SupplierEvent[];
  processed: { file: string; events: number }[];
  rejected: { file: string; code: string; message: string }[];
  skipped: { file: string; reason: string }[];
}

/** Called per file before it is archived: store the events first, so a crash re-reads, never loses. */
export type PolledFileHandler = (file: { name: string; events: SupplierEvent[] }) => Promise<void>;

const ensureDir = async (s: SftpSession, dir: string): Promise<void> => {
  if (!(await s.stat(dir))) await s.mkdir(dir);
};

/** Move without overwriting; if the target already exists the file was handled before: drop the copy. */
const moveOnce = async (s: SftpSession, from: string, to: string): Promise<void> => {
  if (await s.stat(to)) return s.unlink(from);
  await s.rename(from, to);
};

/**
 * Lists the supplier's outbound folder, reads every 855/856, moves each processed file to the
 * archive and each unreadable one to the rejected folder. Running it again is harmless: archived
 * files are gone from the folder, and events carry deterministic ids (ISA13/ST02) for a file that
 * was read but not yet archived when a crash hit.
 */
export const pollSftpOutbound = (opts: SftpPollOptions, onFile?: PolledFileHandler): Promise<PollResult> =>
  withSftp(opts, async (s) => {
    const archive = opts.archiveDir ?? path.posix.join(opts.outboundDir, "archive");
    const rejectedDir = opts.rejectedDir ?? path.posix.join(opts.outboundDir, "rejected");
    await ensureDir(s, archive);
    await ensureDir(s, rejectedDir);
    const result: PollResult = { events: [], processed: [], rejected: [], skipped: [] };
    const entries = (await s.readdir(opts.outboundDir)).sort((a, b) => a.filename.localeCompare(b.filename));
    for (const entry of entries) {
      if (entry.attrs.isDirectory()) continue;
      const verdict = checkRemoteName(entry.filename);
      if (!verdict.ok) {
        if (verdict.skip) result.skipped.push({ file: entry.filename, reason: verdict.reason });
        else result.rejected.push({ file: verdict.error.meta["name"] as string, code: verdict.error.code, message: verdict.error.message });
        continue;
      }
      const from = path.posix.join(opts.outboundDir, entry.filename);
      const reject = async (code: string, message: string) => {
        result.rejected.push({ file: entry.filename, code, message });
        await moveOnce(s, from, path.posix.join(rejectedDir, entry.filename));
      };
      if (entry.attrs.size > (opts.maxFileBytes ?? 5_000_000)) {
        await reject("SUPPLIER.FILE_TOO_LARGE", `${entry.filename} has ${entry.attrs.size} bytes`);
        continue;
      }
      let events: SupplierEvent[];
      try {
        events = readSupplierX12((await s.readFile(from)).toString("utf8"));
      } catch (err) {
        if (!(err instanceof X12Error)) throw err;
        await reject(err.code, err.message);
        continue;
      }
      await onFile?.({ name: entry.filename, events });
      await moveOnce(s, from, path.posix.join(archive, entry.filename));
      result.events.push(...events);
      result.processed.push({ file: entry.filename, events: events.length });
    }
    return result;
  });
