import { X12Error } from "../../documents/x12/x12-error.js";
import type { X12Interchange, X12Segment, X12Transaction } from "../../documents/x12/x12-reader.js";
import { el } from "../../documents/x12/x12-reader.js";
import type { QuantityLine, SupplierEvent } from "../events.js";
import { checkCtt, isoDate, isoTime, optionalLineNo, productIds, quantity, required } from "./x12-values.js";

/**
 * 856 Advance Ship Notice → one shipment event per PO in it. The HL tree (api-formats.md §3.4,
 * IBM 856 guide https://ibm.com/docs/en/b2bis?topic=standards-856-advance-shipment-notice) is
 * followed by parent ids, so S-O-P-I and S-O-I structures both work: an item belongs to the order
 * HL above it, whose PRF01 is our PO number.
 */
type Shipment = Extract<SupplierEvent, { kind: "shipment" }>;

interface Hl {
  id: string;
  parent: string;
  level: string;
  segments: X12Segment[];
}

const buildTree = (segments: X12Segment[]): Hl[] => {
  const hls: Hl[] = [];
  const ids = new Set<string>();
  for (const seg of segments) {
    if (seg.id === "HL") {
      const hl = { id: required(seg, 1), parent: el(seg, 2).trim(), level: required(seg, 3), segments: [] };
      if (ids.has(hl.id)) throw new X12Error("DUPLICATE_HL", `HL id ${hl.id.slice(0, 12)} appears twice`);
      if (hl.parent !== "" && !ids.has(hl.parent)) throw new X12Error("BAD_HL_PARENT", `HL ${hl.id.slice(0, 12)} points to unknown parent ${hl.parent.slice(0, 12)}`);
      ids.add(hl.id);
      hls.push(hl);
    } else hls[hls.length - 1]?.segments.push(seg);
  }
  if (hls.length === 0) throw new X12Error("NO_HL", "856 has no HL loops");
  return hls;
};

const orderOf = (hl: Hl, byId: Map<string, Hl>): Hl | undefined => {
  let cur: Hl | undefined = hl;
  for (let depth = 0; cur && depth < 20; depth++) {
    if (cur.level === "O") return cur;
    cur = byId.get(cur.parent);
  }
  return undefined;
};

const itemLine = (hl: Hl): QuantityLine => {
  const lin = hl.segments.find((s) => s.id === "LIN");
  const sn1 = hl.segments.find((s) => s.id === "SN1");
  if (!sn1) throw new X12Error("MISSING_SN1", `item HL ${hl.id.slice(0, 12)} has no SN1 (units shipped)`);
  const ids = lin ? productIds(lin, 2) : new Map<string, string>();
  const lineNo = optionalLineNo(lin ? el(lin, 1) : "") ?? optionalLineNo(ids.get("PL") ?? "") ?? optionalLineNo(el(sn1, 1));
  const vendorSku = ids.get("VP");
  if (lineNo === undefined && vendorSku === undefined) throw new X12Error("NO_LINE_REFERENCE", `item HL ${hl.id.slice(0, 12)} names neither a PO line nor a VP vendor part`);
  return { ...(lineNo !== undefined ? { lineNo } : {}), ...(vendorSku !== undefined ? { vendorSku } : {}), quantity: quantity(sn1, 2) };
};

const header = (tx: X12Transaction) => {
  const bsn = tx.segments.find((s) => s.id === "BSN");
  if (!bsn) throw new X12Error("MISSING_BSN", `856 transaction ${tx.controlNumber.slice(0, 9)} has no BSN segment`);
  const dtm = (q: string) => tx.segments.find((s) => s.id === "DTM" && el(s, 1) === q);
  const shipDtm = dtm("011");
  const shippedAt = shipDtm ? `${isoDate(shipDtm, 2)}T${isoTime(shipDtm, 3)}Z` : `${isoDate(bsn, 3)}T${isoTime(bsn, 4)}Z`;
  const eta = dtm("017") ?? dtm("067");
  const td5 = tx.segments.find((s) => s.id === "TD5");
  const ref = tx.segments.find((s) => s.id === "REF" && el(s, 1) === "CN");
  return {
    shipmentId: required(bsn, 2),
    shippedAt,
    ...(eta ? { expectedAt: isoDate(eta, 2) } : {}),
    ...(td5 && el(td5, 3).trim() ? { carrier: el(td5, 3).trim() } : {}),
    ...(ref && el(ref, 2).trim() ? { tracking: el(ref, 2).trim() } : {}),
  };
};

export const read856Transaction = (tx: X12Transaction, ic: X12Interchange): Shipment[] => {
  const head = header(tx);
  const hls = buildTree(tx.segments);
  checkCtt(tx.segments, hls.length, "HL loops");
  const byId = new Map(hls.map((h) => [h.id, h]));
  const perPo = new Map<string, QuantityLine[]>();
  for (const hl of hls) {
    if (hl.level === "O") {
      const prf = hl.segments.find((s) => s.id === "PRF");
      if (!prf) throw new X12Error("MISSING_PRF", `order HL ${hl.id.slice(0, 12)} has no PRF (PO number)`);
      if (!perPo.has(required(prf, 1))) perPo.set(required(prf, 1), []);
    }
    if (hl.level !== "I") continue;
    const order = orderOf(hl, byId);
    const prf = order?.segments.find((s) => s.id === "PRF");
    if (!prf) throw new X12Error("ITEM_WITHOUT_ORDER", `item HL ${hl.id.slice(0, 12)} is not under an order HL with a PRF`);
    perPo.get(required(prf, 1))?.push(itemLine(hl));
  }
  if (perPo.size === 0) throw new X12Error("NO_ORDER", "856 names no purchase order (no HL with level O)");
  return [...perPo.entries()].map(([poNumber, lines]) => ({
    kind: "shipment",
    source: "x12",
    eventId: `x12:${ic.senderId}:${ic.controlNumber}:${tx.controlNumber}:${poNumber}`,
    poNumber,
    lines,
    ...head,
  }));
};
