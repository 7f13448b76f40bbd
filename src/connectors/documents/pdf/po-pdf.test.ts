import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { dropShipPo, line, sampleContext, samplePo } from "../../../../test/fixtures/suppliers/sample-po.js";
import { renderPoPdf } from "./po-pdf.js";

const textOf = async (pdf: Buffer): Promise<string> => {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
};

describe("renderPoPdf", () => {
  it("shows the PO number, every vendor SKU and the total", async () => {
    const text = await textOf(await renderPoPdf(samplePo(), sampleContext));
    expect(text).toContain("PO2503140930-0ACME0001");
    for (const sku of ["ACME-TENT-2P", "ACME-STAKE-AL", "ACME*MUG~1"]) expect(text).toContain(sku);
    expect(text).toContain("Total USD 272.49");
    expect(text).toContain("Main warehouse");
    expect(text).toContain("Deliver to dock 4.");
  });

  it("names the customer as ship-to on a drop-ship PO", async () => {
    const text = await textOf(await renderPoPdf(dropShipPo(), sampleContext));
    expect(text).toContain("DROP-SHIP");
    expect(text).toContain("Jo Test");
    expect(text).toContain("1 Test Street");
    expect(text).toContain("Total USD 499.00");
  });

  it("gives the same bytes for the same PO and different bytes for another date", async () => {
    const a = await renderPoPdf(samplePo(), sampleContext);
    const b = await renderPoPdf(samplePo(), sampleContext);
    const c = await renderPoPdf(samplePo({ createdAt: "2025-03-15T09:30:00.000Z" }), sampleContext);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it("continues the table on a new page for long POs", async () => {
    const lines = Array.from({ length: 80 }, (_, i) => line(i + 1, `SKU-${i + 1}`, `VSKU-${i + 1}`, "Item", 1, 100));
    const text = await textOf(await renderPoPdf(samplePo({ lines }), sampleContext));
    expect(text).toContain("VSKU-80");
    expect(text).toContain("Total USD 80.00");
  });
});
