import { describe, expect, it } from "vitest";
import { readStock } from "../plan/read-catalog.js";
import { configuredLocations, refuseUnknownLocations } from "./stock-locations.js";

const CSV = ["sku,location,on_hand", "A,main,3", "X,nowhere,2", "B,main,x", "C,nowhere,-1", "D,dock,1", "E,main,4"].join("\n");
const KNOWN = new Set(["main", "dock"]);

describe("refuseUnknownLocations", () => {
  it("regression: a row at an unconfigured location was applied without a note; it is now a skipped row", () => {
    const r = refuseUnknownLocations(readStock(CSV, "stock.csv"), CSV, "stock.csv", KNOWN);
    expect(r.items.map((i) => `${i.sku}@${i.location}`)).toEqual(["A@main", "D@dock", "E@main"]);
    expect(r.exceptions).toEqual([
      { ref: "stock.csv: row 3", code: "STOCK.UNKNOWN_LOCATION", reason: 'X: location "nowhere" is not in the configuration (locations: dock, main)' },
      { ref: "stock.csv: row 4", code: "STOCK.BAD_QUANTITY", reason: 'B: on_hand "x" is not an integer' },
      // A row already bad for another reason is reported once, for that reason.
      { ref: "stock.csv: row 5", code: "STOCK.BAD_QUANTITY", reason: "C: on_hand -1 is negative" },
    ]);
  });

  it("knows the channels' fulfilment locations and the warehouses", () => {
    const config = { app: { warehouses: { dock: { name: "Dock" } } }, channels: [{ locations: ["main"] }, { locations: ["main", "eu"] }] };
    expect([...configuredLocations(config as never)].sort()).toEqual(["dock", "eu", "main"]);
  });
});
