import { describe, expect, it } from "vitest";
import { dropShipPo, sampleContext, samplePo } from "../../../test/fixtures/suppliers/sample-po.js";
import { PoDocumentSchema, toPoDocument } from "./po-json.schemas.js";

describe("toPoDocument", () => {
  it("describes the PO with exact and decimal amounts that agree", () => {
    const doc = toPoDocument(samplePo(), sampleContext);
    expect(doc.totalMinor).toBe(27_249);
    expect(doc.total).toBe("272.49");
    expect(doc.lines[0]).toMatchObject({ vendorSku: "ACME-TENT-2P", quantity: 12, unitCostMinor: 1450, unitCost: "14.50", lineTotal: "174.00" });
    expect(doc.dropShip).toBe(false);
    expect(PoDocumentSchema.parse(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  });

  it("carries the customer ship-to for drop-ship and no internal coverage", () => {
    const doc = toPoDocument(dropShipPo(), sampleContext);
    expect(doc.dropShip).toBe(true);
    expect(doc.shipTo.address?.line1).toBe("1 Test Street");
    expect(JSON.stringify(doc)).not.toContain("shopify:");
  });
});
