import type { PurchaseOrder } from "../../../domain/purchase-order.js";
import { poTotalMinor } from "../../../domain/purchase-order.js";
import type { DocumentContext } from "../document-context.js";
import { shipToView } from "../document-context.js";
import { formatMinor } from "../money.js";
import type { X12Envelope } from "./x12-envelope.js";
import { wrapTransaction, x12Date, x12Value } from "./x12-envelope.js";
import { X12Error } from "./x12-error.js";

/**
 * An identifier the partner matches on (PO number, SKU, vendor part) is never cut short: a cut
 * SKU would name another product. Too long for its X12 4010 element is a permanent error that
 * names the field, so the PO fails visibly and the operator can choose another transport.
 */
const identifier = (value: string, max: number, what: string): string => {
  const v = x12Value(value);
  if (v.length === 0) throw new X12Error("FIELD_EMPTY", `${what} is empty`);
  if (v.length > max) throw new X12Error("FIELD_TOO_LONG", `${what} '${v}' is ${v.length} characters; X12 4010 allows ${max}`, { what, max });
  return v;
};

/**
 * ASC X12 850 (4010) for one PO. Segment roles per api-formats.md §3.2 and the Stedi 850 guide
 * (https://www.stedi.com/app/guides/view/flexport/purchase-order-shipper/01GG8ANMK2ECM7Z0Q83E2DRJYG):
 * BEG02 SA stand-alone / DS drop-ship, PO1 with VP (vendor part) and SK (our SKU), CTT01 = PO1 count.
 */
const shipToSegments = (po: PurchaseOrder, ctx: DocumentContext): string[][] => {
  const view = shipToView(po.shipTo, ctx);
  const n1 = ["N1", "ST", x12Value(view.name).slice(0, 60) || "SHIP TO", "92", x12Value(view.id).slice(0, 80) || "ST"];
  const a = view.address;
  if (!a) return [n1];
  const n3 = ["N3", x12Value(a.line1).slice(0, 55), ...(a.line2 ? [x12Value(a.line2).slice(0, 55)] : [])];
  const n4 = ["N4", x12Value(a.city).slice(0, 30), x12Value(a.region ?? "").slice(0, 2), x12Value(a.postalCode).slice(0, 15), x12Value(a.country).slice(0, 3)];
  return [n1, n3, n4];
};

const lineSegments = (po: PurchaseOrder): string[][] =>
  po.lines.flatMap((l) => [
    // PO107/PO109 (element 234, product/service id) is AN 1/48.
    ["PO1", String(l.lineNo), String(l.quantity), "EA", formatMinor(l.unitCost, po.currency), "PE", "VP", identifier(l.vendorSku, 48, `line ${l.lineNo} vendor part`), "SK", identifier(l.sku, 48, `line ${l.lineNo} SKU`)],
    ["PID", "F", "", "", "", x12Value(l.description).slice(0, 80) || "-"],
  ]);

export const renderPo850 = (po: PurchaseOrder, ctx: DocumentContext, env: X12Envelope): string => {
  const date = x12Date(po.createdAt);
  const body: string[][] = [
    // BEG03 (element 324, PO number) is AN 1/22; the 855 and 856 echo it in BAK03 and PRF01.
    ["BEG", "00", po.shipTo.kind === "customer" ? "DS" : "SA", identifier(po.poNumber, 22, "PO number"), "", date],
    ["CUR", "BY", po.currency],
    // REF02 (element 127) is AN 1/30: a longer vendor id travels in N1*VN only (N104 is AN 2/80).
    ...(x12Value(po.vendor).length <= 30 ? [["REF", "IA", x12Value(po.vendor)]] : []),
    ["DTM", "004", date],
    ["N1", "BY", x12Value(ctx.buyer.name).slice(0, 60) || "BUYER", "92", x12Value(ctx.buyer.id ?? env.sender.id)],
    ...shipToSegments(po, ctx),
    ["N1", "VN", x12Value(ctx.vendorName).slice(0, 60) || "VENDOR", "92", identifier(po.vendor, 80, "vendor id")],
    ...lineSegments(po),
    ["CTT", String(po.lines.length), String(po.lines.reduce((s, l) => s + l.quantity, 0))],
    ["AMT", "TT", formatMinor(poTotalMinor(po), po.currency)],
  ];
  return wrapTransaction({ transactionSet: "850", functionalId: "PO", version: "004010", body }, env);
};
