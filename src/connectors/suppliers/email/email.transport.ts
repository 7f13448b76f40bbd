import nodemailer from "nodemailer";
import type { DeliveryResult, SupplierTransport } from "../../../domain/ports.js";
import type { PurchaseOrder } from "../../../domain/purchase-order.js";
import { TransientError } from "../../../shared/errors.js";
import type { DocumentContext } from "../../documents/document-context.js";
import { renderPoCsv } from "../../documents/csv/po-csv.js";
import { renderPoPdf } from "../../documents/pdf/po-pdf.js";
import type { DeliveryLog } from "../delivery-log.port.js";
import { classifySmtpError, composePoMail, poMessageId } from "./email-message.js";

export interface EmailTransportOptions {
  host: string;
  port: number;
  /** smtps from the first byte; otherwise STARTTLS when offered (required with requireTls). */
  secure: boolean;
  requireTls: boolean;
  auth?: { user: string; pass: string } | undefined;
  /** Certificate checks stay on in production; the local peer uses a self-signed certificate. */
  tlsRejectUnauthorized?: boolean | undefined;
  from: string;
  to: string;
  attachCsv: boolean;
  context: DocumentContext;
  deliveryLog: DeliveryLog;
  /** How long a `sending` record blocks other attempts before it counts as an unknown outcome. */
  leaseMs?: number | undefined;
  /**
   * Peer-side evidence that a Message-ID already arrived (an archive BCC mailbox, the vendor's
   * portal). Consulted only when an earlier attempt's outcome is unknown.
   */
  alreadyDelivered?: ((messageId: string) => Promise<boolean>) | undefined;
  now?: (() => Date) | undefined;
}

/**
 * E-mail has no idempotency key on the receiving side, so the guard lives with us (field report
 * C12): a delivery record is claimed (`sending`) before SMTP and marked `sent` after the server's
 * 250. A retry finds `sent` and skips. Residual window, stated honestly: if the process dies
 * after the server accepted the message and before `sent` is written, the record stays `sending`;
 * once its lease expires the next attempt asks `alreadyDelivered`, and without such evidence it
 * sends again (at-least-once). The copy carries the same Message-ID, `<poNumber.backorder@domain>`,
 * so the vendor's mail system and people can recognise it as the same message.
 */
export const createEmailTransport = (opts: EmailTransportOptions): SupplierTransport => {
  const now = opts.now ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? 120_000;
  const smtp = nodemailer.createTransport({
    host: opts.host,
    port: opts.port,
    secure: opts.secure,
    requireTLS: opts.requireTls,
    auth: opts.auth,
    tls: { rejectUnauthorized: opts.tlsRejectUnauthorized ?? true },
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });

  const send = async (po: PurchaseOrder, messageId: string, attempt: number): Promise<DeliveryResult> => {
    const pdf = await renderPoPdf(po, opts.context);
    const csv = opts.attachCsv ? renderPoCsv(po, opts.context) : undefined;
    try {
      await smtp.sendMail(composePoMail({ po, ctx: opts.context, from: opts.from, to: opts.to, messageId, pdf, csv }));
    } catch (err) {
      const { error, certainlyNotSent } = classifySmtpError(err, po.poNumber);
      if (certainlyNotSent) await opts.deliveryLog.markFailed({ poNumber: po.poNumber, transport: "email", attempt, reason: error.message, now: now() });
      throw error;
    }
    await opts.deliveryLog.markSent({ poNumber: po.poNumber, transport: "email", attempt, reference: messageId, now: now() });
    return { reference: messageId, duplicate: false };
  };

  return {
    kind: "email",
    async deliver(po) {
      const messageId = poMessageId(po.poNumber, opts.from);
      const claim = await opts.deliveryLog.claim({ poNumber: po.poNumber, transport: "email", now: now(), leaseMs });
      if (claim.outcome === "sent") return { reference: claim.reference, duplicate: true };
      if (claim.outcome === "busy") {
        const wait = Math.max(1_000, Date.parse(claim.leaseUntil) - now().getTime());
        throw new TransientError("SUPPLIER.DELIVERY_IN_PROGRESS", `another attempt is sending ${po.poNumber}`, { poNumber: po.poNumber }, { retryAfterMs: wait });
      }
      if (claim.previous === "unknown" && (await opts.alreadyDelivered?.(messageId))) {
        await opts.deliveryLog.markSent({ poNumber: po.poNumber, transport: "email", attempt: claim.attempt, reference: messageId, now: now() });
        return { reference: messageId, duplicate: true };
      }
      return send(po, messageId, claim.attempt);
    },
  };
};
