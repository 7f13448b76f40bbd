import type { SendMailOptions } from "nodemailer";
import type { PurchaseOrder } from "../../../domain/purchase-order.js";
import { poTotalMinor } from "../../../domain/purchase-order.js";
import type { AppError } from "../../../shared/errors.js";
import { PermanentError, TransientError } from "../../../shared/errors.js";
import type { DocumentContext } from "../../documents/document-context.js";
import { poDate } from "../../documents/document-context.js";
import { formatMinor } from "../../documents/money.js";

/** `<poNumber.backorder@domain-of-from>`: derived, so every send of one PO carries one Message-ID (RFC 5322 §3.6.4). */
export const poMessageId = (poNumber: string, from: string): string => {
  const domain = (from.split("@")[1] ?? "backorder.invalid").replace(/[^A-Za-z0-9.-]/g, "");
  const local = poNumber.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, "_");
  return `<${local}.backorder@${domain}>`;
};

export const composePoMail = (a: {
  po: PurchaseOrder;
  ctx: DocumentContext;
  from: string;
  to: string;
  messageId: string;
  pdf: Buffer;
  csv: string | undefined;
}): SendMailOptions => {
  const { po, ctx } = a;
  const text = [
    `Dear ${ctx.vendorName},`,
    "",
    `please find attached purchase order ${po.poNumber} of ${poDate(po.createdAt)}:`,
    `${po.lines.length} line(s), total ${po.currency} ${formatMinor(poTotalMinor(po), po.currency)}.`,
    po.shipTo.kind === "customer" ? "This is a DROP-SHIP order: please ship to the customer address in the PDF." : "Please ship to our warehouse as stated in the PDF.",
    "",
    "Please reply to confirm quantities and the expected ship date.",
    "",
    ctx.buyer.name,
  ].join("\n");
  return {
    from: a.from,
    to: a.to,
    subject: `Purchase order ${po.poNumber} from ${ctx.buyer.name}`,
    messageId: a.messageId,
    date: new Date(po.createdAt),
    text,
    attachments: [
      { filename: `${po.poNumber}.pdf`, content: a.pdf, contentType: "application/pdf" },
      ...(a.csv !== undefined ? [{ filename: `${po.poNumber}.csv`, content: a.csv, contentType: "text/csv; charset=utf-8" }] : []),
    ],
  };
};

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  command?: string;
  message?: string;
}

/**
 * SMTP reply classes (RFC 5321 §4.2.1): 4xx try later, 5xx do not. An explicit reply or a refused
 * connection proves the message was not accepted; a connection lost mid-DATA does not.
 */
export const classifySmtpError = (err: unknown, poNumber: string): { error: AppError; certainlyNotSent: boolean } => {
  const e = (typeof err === "object" && err !== null ? err : {}) as SmtpFailure;
  const msg = `SMTP: ${e.message ?? String(err)}`.slice(0, 500);
  const meta = { poNumber, responseCode: e.responseCode, command: e.command };
  if (e.code === "ETLS") return { error: new PermanentError("SUPPLIER.TLS", msg, meta, { cause: err }), certainlyNotSent: true };
  if (e.code === "EAUTH") return { error: new PermanentError("SUPPLIER.AUTH", msg, meta, { cause: err }), certainlyNotSent: true };
  if (typeof e.responseCode === "number") {
    const error = e.responseCode >= 500 ? new PermanentError("SUPPLIER.REJECTED", msg, meta, { cause: err }) : new TransientError("SUPPLIER.SMTP_4XX", msg, meta, { cause: err });
    return { error, certainlyNotSent: true };
  }
  const refused = e.code === "ECONNECTION" || e.code === "EDNS" || /ECONNREFUSED/.test(msg);
  return { error: new TransientError("SUPPLIER.SMTP_NETWORK", msg, meta, { cause: err }), certainlyNotSent: refused };
};
