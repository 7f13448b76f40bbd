import { describe, expect, it } from "vitest";
import { dropShipPo, sampleContext, samplePo } from "../../../../test/fixtures/suppliers/sample-po.js";
import { csvField, neutraliseFormula, renderPoCsv } from "./po-csv.js";

/** Minimal RFC 4180 reader for the assertions (quoted fields, doubled quotes, CRLF). */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) cell += ch;
    else if (ch === '"') quoted = true;
    else if (ch === ",") endCell();
    else if (ch === "\r" && text[i + 1] === "\n") {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += ch;
  }
  return rows;
};

describe("renderPoCsv", () => {
  it("writes one row per PO line with decimal costs and the ship-to", () => {
    const rows = parseCsv(renderPoCsv(samplePo(), sampleContext));
    expect(rows[0]).toEqual(["po_number", "po_date", "vendor_sku", "sku", "description", "quantity", "unit_cost", "currency", "ship_to"]);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual([
      "PO2503140930-0ACME0001", "2025-03-14", "ACME-TENT-2P", "TENT-2P-GRN", 'Two-person tent, green 2" poles', "12", "14.50", "USD",
      "Main warehouse, 100 Example Street, 62701 Springfield, IL, US",
    ]);
    expect(rows[3]?.[6]).toBe("0.99");
  });

  it("neutralises cells a spreadsheet would evaluate as formulas", () => {
    const rows = parseCsv(renderPoCsv(samplePo(), sampleContext));
    expect(rows[2]?.[4]).toBe("'=HYPERLINK(\"http://x\")");
    for (const prefix of ["=", "+", "-", "@", "\t", "\r"]) expect(neutraliseFormula(`${prefix}1`)).toBe(`'${prefix}1`);
    expect(neutraliseFormula("plain")).toBe("plain");
  });

  it("quotes per RFC 4180 and ends every record with CRLF", () => {
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("a\nb")).toBe('"a\nb"');
    const text = renderPoCsv(samplePo(), sampleContext);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.split("\r\n")).toHaveLength(5);
  });

  it("puts the customer's address on drop-ship POs", () => {
    const rows = parseCsv(renderPoCsv(dropShipPo(), sampleContext));
    expect(rows[1]?.[8]).toBe("Jo Test, 1 Test Street, 12345 Faketown, IL, US");
  });
});
