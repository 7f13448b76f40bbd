import { X12Parser } from "node-x12";
import type { X12Interchange as NodeX12Interchange } from "node-x12";
import { describe, expect, it } from "vitest";
import { dropShipPo, sampleContext, samplePo } from "../../../../test/fixtures/suppliers/sample-po.js";
import { renderPo850 } from "./po-850.js";
import type { X12Envelope } from "./x12-envelope.js";
import { readX12 } from "./x12-reader.js";

const env = (controlNumber: number): X12Envelope => ({
  sender: { qualifier: "ZZ", id: "MYSHOPBUYER" },
  receiver: { qualifier: "ZZ", id: "ACMESUPPLY" },
  controlNumber,
  usage: "T",
  at: "2025-03-14T09:30:00.000Z",
});

const parseIndependently = (text: string) => {
  const ic = new X12Parser(true).parse(text) as NodeX12Interchange;
  const group = ic.functionalGroups[0];
  const tx = group?.transactions[0];
  if (!group || !tx) throw new Error("node-x12 found no transaction");
  const values = (tag: string) => tx.segments.filter((s) => s.tag === tag).map((s) => s.elements.map((e) => e.value));
  return { ic, group, tx, values };
};

describe("renderPo850", () => {
  it("parses with node-x12 and carries the PO's values", () => {
    const po = samplePo();
    const text = renderPo850(po, sampleContext, env(4711));
    const { ic, group, tx, values } = parseIndependently(text);
    expect(values("BEG")[0]?.[2]).toBe(po.poNumber);
    expect(values("BEG")[0]?.[1]).toBe("SA");
    const po1 = values("PO1");
    expect(po1.map((e) => [e[0], e[1], e[3], e[6]])).toEqual([
      ["1", "12", "14.50", "ACME-TENT-2P"],
      ["2", "30", "3.25", "ACME-STAKE-AL"],
      ["3", "1", "0.99", "ACME MUG 1"],
    ]);
    expect(values("CTT")[0]?.[0]).toBe("3");
    expect(values("CTT")[0]?.[1]).toBe("43");
    expect(values("AMT")[0]?.[1]).toBe("272.49");
    // SE01 counts ST..SE inclusive: node-x12's segments exclude both.
    expect(tx.trailer.elements[0]?.value).toBe(String(tx.segments.length + 2));
    expect(tx.trailer.elements[1]?.value).toBe(tx.header.elements[1]?.value);
    // node-x12 hands ISA13 back as a number without its zero padding; the raw text keeps it.
    expect(Number(ic.header.elements[12]?.value)).toBe(4711);
    expect(text).toContain("*000004711*0*T*>~");
    expect(ic.trailer.elements[1]?.value).toBe(ic.header.elements[12]?.value);
    expect(group.trailer.elements[1]?.value).toBe(group.header.elements[5]?.value);
    expect(group.header.elements[0]?.value).toBe("PO");
  });

  it("writes a fixed-width 106-character ISA", () => {
    const text = renderPo850(samplePo(), sampleContext, env(1));
    expect(text.indexOf("~")).toBe(105);
    expect(text.split("\n")[0]).toHaveLength(106);
  });

  it("is read back by our own strict reader with matching envelope counts", () => {
    const ic = readX12(renderPo850(samplePo(), sampleContext, env(99)));
    expect(ic.controlNumber).toBe("000000099");
    expect(ic.groups[0]?.transactions[0]?.type).toBe("850");
  });

  it("marks drop-ship POs DS and sends the customer's address", () => {
    const { values } = parseIndependently(renderPo850(dropShipPo(), sampleContext, env(5)));
    expect(values("BEG")[0]?.[1]).toBe("DS");
    expect(values("N1").find((n) => n[0] === "ST")?.[1]).toBe("Jo Test");
    expect(values("N3")[0]?.[0]).toBe("1 Test Street");
    expect(values("N4")[0]).toEqual(["Faketown", "IL", "12345", "US"]);
  });

  it("rejects a control number outside 1..999999999", () => {
    expect(() => renderPo850(samplePo(), sampleContext, env(1_000_000_000))).toThrow(/control number/);
  });
  it("never cuts an identifier the partner matches on: too long for X12 4010 is a permanent error naming the field", () => {
    expect(() => renderPo850(samplePo({ poNumber: "PO-ACME-20250314T0930-1" }), sampleContext, env(1))).toThrow(
      expect.objectContaining({ code: "X12.FIELD_TOO_LONG", retryable: false, message: expect.stringMatching(/PO number .* 23 characters; X12 4010 allows 22/) }),
    );
    const long = samplePo();
    const sku = "S".repeat(49);
    long.lines[0] = { ...long.lines[0]!, sku };
    expect(() => renderPo850(long, sampleContext, env(2))).toThrow(/line 1 SKU '.{49}' is 49 characters; X12 4010 allows 48/);
  });

  it("writes REF*IA only for a vendor id that fits REF02 (AN 1/30), and keeps a longer one in N1*VN", () => {
    const vendor = "3442f8959a84dea7ee197c632cb2df15";
    const { values } = parseIndependently(renderPo850(samplePo({ vendor }), sampleContext, env(3)));
    expect(values("REF").filter((r) => r[0] === "IA")).toEqual([]);
    expect(values("N1").find((n) => n[0] === "VN")?.[3]).toBe(vendor);
    const short = parseIndependently(renderPo850(samplePo(), sampleContext, env(4)));
    expect(short.values("REF").find((r) => r[0] === "IA")?.[1]).toBe("acme");
  });
});
