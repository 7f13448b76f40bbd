import { readFileSync } from "node:fs";
import { X12Parser } from "node-x12";
import { describe, expect, it } from "vitest";
import { samplePo } from "../../../../test/fixtures/suppliers/sample-po.js";
import { X12Error } from "../../documents/x12/x12-error.js";
import { matchPoLine } from "../events.js";
import { readSupplierX12 } from "./supplier-x12.reader.js";

const fixture = (name: string) => readFileSync(new URL(`../../../../test/fixtures/x12/${name}`, import.meta.url), "utf8");

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(X12Error);
    return (err as X12Error).code;
  }
  throw new Error("expected an X12Error");
};

describe("readSupplierX12", () => {
  it("reads an 855 with a changed quantity into the right PO lines", () => {
    expect(() => new X12Parser(true).parse(fixture("855-changed.edi"))).not.toThrow();
    const [ev] = readSupplierX12(fixture("855-changed.edi"));
    if (ev?.kind !== "acknowledgement") throw new Error("expected an acknowledgement");
    expect(ev.poNumber).toBe("PO2503140930-0ACME0001");
    expect(ev.eventId).toBe("x12:ACMESUPPLY:000000555:0001");
    expect(ev.lines).toEqual([
      { lineNo: 1, vendorSku: "ACME-TENT-2P", status: "accepted", quantity: 12, code: "IA", expectedAt: "2025-03-21" },
      { lineNo: 2, vendorSku: "ACME-STAKE-AL", status: "changed", quantity: 24, code: "IQ", expectedAt: "2025-03-21" },
      { lineNo: 2, vendorSku: "ACME-STAKE-AL", status: "backordered", quantity: 6, code: "IB", expectedAt: "2025-04-04" },
      { lineNo: 3, vendorSku: "ACME MUG 1", status: "rejected", quantity: 0, code: "IR" },
    ]);
    const po = samplePo();
    expect(ev.lines.map((l) => matchPoLine(po, l)?.sku)).toEqual(["TENT-2P-GRN", "STAKE-AL-10", "STAKE-AL-10", "MUG-ÇÃO"]);
  });

  it("reads an 856 into a shipment matched by line number or vendor part", () => {
    const events = readSupplierX12(fixture("856-asn.edi"));
    expect(events).toHaveLength(1);
    const ev = events[0];
    if (ev?.kind !== "shipment") throw new Error("expected a shipment");
    expect(ev).toMatchObject({ poNumber: "PO2503140930-0ACME0001", shipmentId: "SHIP-778", shippedAt: "2025-03-20T14:05:00Z", carrier: "UPSN", tracking: "1Z999EXAMPLE" });
    expect(ev.lines).toEqual([
      { lineNo: 1, vendorSku: "ACME-TENT-2P", quantity: 12 },
      { vendorSku: "ACME-STAKE-AL", quantity: 24 },
    ]);
    expect(ev.lines.map((l) => matchPoLine(samplePo(), l)?.lineNo)).toEqual([1, 2]);
  });

  it("gives a specific X12Error for each kind of malformed input", () => {
    const ack = fixture("855-changed.edi");
    expect(codeOf(() => readSupplierX12("hello"))).toBe("X12.NO_ISA");
    expect(codeOf(() => readSupplierX12(ack.replace("*00401*", "*0401*")))).toBe("X12.BAD_ISA");
    expect(codeOf(() => readSupplierX12(ack.replace("SE*11*0001", "SE*999999999*0001")))).toBe("X12.COUNT_MISMATCH");
    expect(codeOf(() => readSupplierX12(ack.replace("SE*11*0001", "SE*11*0002")))).toBe("X12.CONTROL_MISMATCH");
    expect(codeOf(() => readSupplierX12(ack.replace("IEA*1*000000555", "IEA*1*000000554")))).toBe("X12.CONTROL_MISMATCH");
    expect(codeOf(() => readSupplierX12(ack.replace("GE*1*555", "GE*7*555")))).toBe("X12.COUNT_MISMATCH");
    expect(codeOf(() => readSupplierX12(ack.replace("ACK*IQ*24*", "ACK*IQ*99999999999*")))).toBe("X12.BAD_QUANTITY");
    expect(codeOf(() => readSupplierX12(ack.replace("ACK*IA*12*EA*068*20250321", "ACK*ZZ*12*EA*068*20250321")))).toBe("X12.UNKNOWN_ACK_STATUS");
    expect(codeOf(() => readSupplierX12(ack.replace("*20250404~", "*20250231~")))).toBe("X12.BAD_DATE");
    expect(codeOf(() => readSupplierX12(ack.replace("BAK*00*AC*", "BAX*00*AC*")))).toBe("X12.MISSING_BAK");
    expect(codeOf(() => readSupplierX12(ack.replace("ST*855", "ST*810")))).toBe("X12.UNSUPPORTED_SET");
    // Separators are whatever the ISA declares: a body written with other ones is refused.
    const [isa = "", ...body] = ack.split("\n");
    expect(codeOf(() => readSupplierX12([isa, ...body.map((l) => l.replace(/\*/g, "+"))].join("\n")))).toBe("X12.BAD_SEGMENT");
    expect(readSupplierX12(ack.replace(/~/g, "|"))).toHaveLength(1);
    expect(codeOf(() => readSupplierX12(ack.replace("*>~", "*~~")))).toBe("X12.BAD_SEPARATORS");
    expect(codeOf(() => readSupplierX12(ack + ack))).toBe("X12.TRAILING_DATA");
    expect(codeOf(() => readSupplierX12(ack.replace("GE*1*555~\n", "")))).toBe("X12.UNTERMINATED");
    const asn = fixture("856-asn.edi");
    expect(codeOf(() => readSupplierX12(asn.replace("HL*4*3*I", "HL*4*9*I")))).toBe("X12.BAD_HL_PARENT");
    expect(codeOf(() => readSupplierX12(asn.replace("PRF*PO2503140930", "REF*PO2503140930")))).toBe("X12.MISSING_PRF");
    expect(codeOf(() => readSupplierX12(asn.replace("SN1**24*EA", "SN1**-24*EA")))).toBe("X12.BAD_QUANTITY");
    expect(codeOf(() => readSupplierX12(asn.replace("CTT*5", "CTT*4294967296")))).toBe("X12.COUNT_MISMATCH");
    expect(codeOf(() => readSupplierX12(ack.replace("CTT*3", "CTT*2")))).toBe("X12.COUNT_MISMATCH");
  });

  it("refuses oversized input before splitting it", () => {
    expect(codeOf(() => readSupplierX12(fixture("855-changed.edi") + " ".repeat(5_000_001)))).toBe("X12.TOO_LARGE");
  });
});
