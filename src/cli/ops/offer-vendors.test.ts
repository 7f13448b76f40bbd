import { describe, expect, it } from "vitest";
import { readOffers } from "../plan/read-catalog.js";
import { refuseUnknownVendors } from "./offer-vendors.js";

const HEAD = "sku,vendor,vendor_sku,unit_cost,currency,moq,case_pack,lead_time_days,preferred,dropship";
const CSV = [HEAD, "A,acme,AC-A,1.00,USD,1,1,2,true,false", "B,zeta,Z-B,1.00,USD,1,1,2,true,false", "C,zeta,Z-C,1.00,XXX,1,1,2,true,false", "D,beta,BE-D,1.00,EUR,1,1,2,false,false"].join("\n");
const config = { vendors: [{ id: "acme" }, { id: "beta" }] } as never;

describe("refuseUnknownVendors", () => {
  it("regression: an offer of a vendor not configured was stored with only a note; it is now a skipped row", () => {
    const r = refuseUnknownVendors(readOffers(CSV, "offers.csv"), CSV, "offers.csv", config);
    expect(r.items.map((o) => `${o.sku}@${o.vendor}`)).toEqual(["A@acme", "D@beta"]);
    expect(r.exceptions).toEqual([
      { ref: "offers.csv: row 3", code: "OFFER.UNKNOWN_VENDOR", reason: 'B: vendor "zeta" is not in the configuration (vendors: acme, beta)' },
      // A row already bad for another reason is reported once, for that reason.
      expect.objectContaining({ ref: "offers.csv: row 4", code: "OFFER.UNKNOWN_CURRENCY" }),
    ]);
  });

  it("says so when no vendor is configured at all", () => {
    const r = refuseUnknownVendors(readOffers(CSV, "o.csv"), CSV, "o.csv", { vendors: [] } as never);
    expect(r.items).toEqual([]);
    expect(r.exceptions[0]?.reason).toBe('A: vendor "acme" is not in the configuration (vendors: none)');
  });
});
