import path from "node:path";
import type { DeliveryResult, SupplierTransport } from "../../../domain/ports.js";
import type { PurchaseOrder } from "../../../domain/purchase-order.js";
import type { DocumentContext } from "../../documents/document-context.js";
import { renderPoCsv } from "../../documents/csv/po-csv.js";
import { renderPo850 } from "../../documents/x12/po-850.js";
import type { X12ControlNumbers } from "./control-numbers.port.js";
import type { SftpConnectOptions, SftpSession } from "./sftp-client.js";
import { withSftp } from "./sftp-client.js";

export interface SftpTransportOptions extends SftpConnectOptions {
  inboundDir: string;
  alsoCsv: boolean;
  /** ISA05/06 and ISA07/08. */
  senderId: string;
  receiverId: string;
  qualifier: string;
  usage: "P" | "T";
  context: DocumentContext;
  controlNumbers: X12ControlNumbers;
}

/**
 * Upload under a temporary name, then rename: the supplier never picks up half a file, and the
 * final name (by PO number) is the idempotency key. SFTP v3 rename refuses to replace an existing
 * file, so a racing or repeated upload finds the file there and reports a duplicate.
 */
const putOnce = async (s: SftpSession, dir: string, name: string, content: string): Promise<boolean> => {
  const finalPath = path.posix.join(dir, name);
  if (await s.stat(finalPath)) return false;
  const tmp = path.posix.join(dir, `.${name}.part`);
  await s.writeFile(tmp, content);
  try {
    await s.rename(tmp, finalPath);
    return true;
  } catch (err) {
    if (await s.stat(finalPath)) {
      await s.unlink(tmp).catch(() => undefined);
      return false;
    }
    throw err;
  }
};

export const sftpFileNames = (poNumber: string) => ({ x12: `${poNumber}.850.x12`, csv: `${poNumber}.csv` });

export const createSftpTransport = (opts: SftpTransportOptions): SupplierTransport => ({
  kind: "sftp",
  async deliver(po: PurchaseOrder): Promise<DeliveryResult> {
    const controlNumber = await opts.controlNumbers.forPo(opts.receiverId, po.poNumber);
    const x12 = renderPo850(po, opts.context, {
      sender: { qualifier: opts.qualifier, id: opts.senderId },
      receiver: { qualifier: opts.qualifier, id: opts.receiverId },
      controlNumber,
      usage: opts.usage,
      at: po.createdAt,
    });
    const names = sftpFileNames(po.poNumber);
    return withSftp(opts, async (s) => {
      // CSV first: the 850 appearing is the supplier's signal that the PO is complete.
      if (opts.alsoCsv) await putOnce(s, opts.inboundDir, names.csv, renderPoCsv(po, opts.context));
      const created = await putOnce(s, opts.inboundDir, names.x12, x12);
      return { reference: path.posix.join(opts.inboundDir, names.x12), duplicate: !created };
    });
  },
});
