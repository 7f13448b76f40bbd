import { X12Error } from "../../documents/x12/x12-error.js";
import type { X12Interchange, X12Segment, X12Transaction } from "../../documents/x12/x12-reader.js";
import { el } from "../../documents/x12/x12-reader.js";
import type { AckLine, AckStatus, SupplierEvent } from "../events.js";
import { checkCtt, isoDate, optionalLineNo, productIds, quantity, required } from "./x12-values.js";

/**
 * 855 PO Acknowledgment → one acknowledgement event per transaction set. Codes per
 * api-formats.md §3.3 (node-x12 sample 855.edi, https://github.com/aaronhuggins/node-x12):
 * BAK02 AC/AD/AK/RD/RJ, ACK01 IA accepted, IC/IQ/IP/IS changed, IB/IH backordered, IR/ID rejected.
 */
const LINE_STATUS: Record<string, AckStatus> = {
  IA: "accepted",
  IC: "changed",
  IQ: "changed",
  IP: "changed",
  IS: "changed",
  IB: "backordered",
  IH: "backordered",
  IR: "rejected",
  ID: "rejected",
};
const DATE_QUALIFIERS = new Set(["017", "067", "068", "002", "010"]);

type Ack = Extract<SupplierEvent, { kind: "acknowledgement" }>;

const ackLine = (ack: X12Segment, po1: X12Segment): AckLine => {
  const code = required(ack, 1);
  const status = LINE_STATUS[code];
  if (!status) throw new X12Error("UNKNOWN_ACK_STATUS", `ACK01 '${code.slice(0, 4)}' is not a line status we know (segment ${ack.index + 1})`);
  const qty = el(ack, 2).trim() === "" ? quantity(po1, 2) : quantity(ack, 2);
  const expectedAt = DATE_QUALIFIERS.has(el(ack, 4).trim()) ? isoDate(ack, 5) : undefined;
  return { ...lineRef(po1), status, quantity: qty, code, ...(expectedAt ? { expectedAt } : {}) };
};

const lineRef = (po1: X12Segment): { lineNo?: number; vendorSku?: string } => {
  const lineNo = optionalLineNo(el(po1, 1));
  const vendorSku = productIds(po1, 6).get("VP");
  if (lineNo === undefined && vendorSku === undefined) throw new X12Error("NO_LINE_REFERENCE", `PO1 at segment ${po1.index + 1} has neither a line number nor a VP vendor part`);
  return { ...(lineNo !== undefined ? { lineNo } : {}), ...(vendorSku !== undefined ? { vendorSku } : {}) };
};

/** A PO1 without ACK follows the header's verdict: AD/AK accepted as ordered, RD/RJ rejected. */
const defaultLine = (po1: X12Segment, headerType: string): AckLine => {
  const status: AckStatus = headerType === "RD" || headerType === "RJ" ? "rejected" : "accepted";
  return { ...lineRef(po1), status, quantity: quantity(po1, 2) };
};

export const read855Transaction = (tx: X12Transaction, ic: X12Interchange): Ack => {
  const bak = tx.segments.find((s) => s.id === "BAK");
  if (!bak) throw new X12Error("MISSING_BAK", `855 transaction ${tx.controlNumber.slice(0, 9)} has no BAK segment`);
  const headerType = required(bak, 2);
  const lines: AckLine[] = [];
  let po1: X12Segment | undefined;
  let acked = false;
  for (const seg of tx.segments) {
    if (seg.id === "PO1") {
      if (po1 && !acked) lines.push(defaultLine(po1, headerType));
      po1 = seg;
      acked = false;
    } else if (seg.id === "ACK") {
      if (!po1) throw new X12Error("ACK_WITHOUT_LINE", `ACK at segment ${seg.index + 1} comes before any PO1`);
      lines.push(ackLine(seg, po1));
      acked = true;
    }
  }
  if (po1 && !acked) lines.push(defaultLine(po1, headerType));
  checkCtt(tx.segments, tx.segments.filter((s) => s.id === "PO1").length, "PO1 lines");
  return {
    kind: "acknowledgement",
    source: "x12",
    eventId: `x12:${ic.senderId}:${ic.controlNumber}:${tx.controlNumber}`,
    poNumber: required(bak, 3),
    lines,
  };
};
