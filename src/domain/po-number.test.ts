import { describe, expect, it } from "vitest";
import { batchKeyFor, poNumberFor, PO_NUMBER_MAX_LENGTH } from "./po-number.js";

const base = { vendor: "Acme Parts", windowStart: "2026-12-03T14:00:00.000Z", defaultLocation: "main" };
const main = { kind: "warehouse" as const, location: "main" };
const shape = /^PO\d{10}-[0-9A-Z]{9}$/;

describe("batch key and PO number", () => {
  it("derive only from vendor, window, ship-to and part", () => {
    const wh = { ...base, shipTo: main };
    expect(batchKeyFor(wh)).toBe("Acme Parts@2026-12-03T14:00:00.000Z");
    expect(batchKeyFor({ ...wh, part: 2 })).toBe("Acme Parts@2026-12-03T14:00:00.000Z#2");
    expect(poNumberFor(wh)).toMatch(/^PO2612031400-[0-9A-Z]{9}$/);
    expect(poNumberFor({ ...wh })).toBe(poNumberFor(wh));
    expect(poNumberFor({ ...wh, part: 2 })).not.toBe(poNumberFor(wh));
    expect(poNumberFor({ ...wh, vendor: "Acme Partz" })).not.toBe(poNumberFor(wh));
  });

  it("keeps other warehouses and drop-ship customers apart", () => {
    const east = { ...base, shipTo: { kind: "warehouse" as const, location: "east" } };
    const cust = { ...base, shipTo: { kind: "customer" as const, order: "shop:1" } };
    expect(batchKeyFor(east)).toBe("Acme Parts@2026-12-03T14:00:00.000Z/wh:east");
    expect(batchKeyFor(cust)).toBe("Acme Parts@2026-12-03T14:00:00.000Z/to:shop:1");
    const numbers = new Set([poNumberFor(east), poNumberFor(cust), poNumberFor({ ...base, shipTo: main })]);
    expect(numbers.size).toBe(3);
  });

  it("gives windows that start within one minute different PO numbers", () => {
    const at = (windowStart: string) => poNumberFor({ ...base, windowStart, shipTo: main });
    const starts = ["2026-12-03T14:00:00.000Z", "2026-12-03T14:00:07.000Z", "2026-12-03T14:00:07.250Z", "2026-12-03T14:00:07.251Z", "2026-12-03T14:00:59.999Z"];
    expect(new Set(starts.map(at)).size).toBe(starts.length);
    for (const s of starts) expect(at(s).startsWith("PO2612031400-")).toBe(true);
  });

  it("fits X12 4010 BEG03 (AN 1/22) whatever the vendor, ship-to or part, and stays unique", () => {
    const seen = new Set<string>();
    const vendors = ["a", "Ünïcode Vendor GmbH & Co. KG", "x".repeat(300), "3442f8959a84dea7ee197c632cb2df15"];
    for (const vendor of vendors) {
      for (let order = 0; order < 500; order++) {
        for (const part of [1, 2, 17]) {
          const n = poNumberFor({ ...base, vendor, shipTo: { kind: "customer", order: `amazon:${order}` }, part });
          expect(n.length).toBeLessThanOrEqual(PO_NUMBER_MAX_LENGTH);
          expect(n).toMatch(shape);
          seen.add(n);
        }
      }
    }
    expect(seen.size).toBe(vendors.length * 500 * 3);
  });

  it("sorts by window minute", () => {
    const at = (windowStart: string) => poNumberFor({ ...base, windowStart, shipTo: main });
    const sorted = ["2026-01-31T23:59:00.000Z", "2026-02-01T00:00:00.000Z", "2026-12-03T09:05:00.000Z", "2027-01-01T00:00:00.000Z"].map(at);
    expect([...sorted].sort()).toEqual(sorted);
  });
});
