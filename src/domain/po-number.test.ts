import { describe, expect, it } from "vitest";
import { batchKeyFor, poNumberFor } from "./po-number.js";

const base = { vendor: "Acme Parts", windowStart: "2026-12-03T14:00:00.000Z", defaultLocation: "main" };

describe("batch key and PO number", () => {
  it("derive only from vendor, window, ship-to and part", () => {
    const wh = { ...base, shipTo: { kind: "warehouse" as const, location: "main" } };
    expect(batchKeyFor(wh)).toBe("Acme Parts@2026-12-03T14:00:00.000Z");
    expect(poNumberFor(wh)).toBe("PO-ACMEPARTS-20261203T1400-1");
    expect(poNumberFor({ ...wh, part: 2 })).toBe("PO-ACMEPARTS-20261203T1400-2");
    expect(batchKeyFor({ ...wh, part: 2 })).toBe("Acme Parts@2026-12-03T14:00:00.000Z#2");
  });
  it("keeps other warehouses and drop-ship customers apart", () => {
    const east = { ...base, shipTo: { kind: "warehouse" as const, location: "east" } };
    const cust = { ...base, shipTo: { kind: "customer" as const, order: "shop:1" } };
    expect(batchKeyFor(east)).toBe("Acme Parts@2026-12-03T14:00:00.000Z/wh:east");
    expect(batchKeyFor(cust)).toBe("Acme Parts@2026-12-03T14:00:00.000Z/to:shop:1");
    const numbers = new Set([poNumberFor(east), poNumberFor(cust), poNumberFor({ ...base, shipTo: { kind: "warehouse", location: "main" } })]);
    expect(numbers.size).toBe(3);
    expect(poNumberFor(east)).toMatch(/^PO-ACMEPARTS-20261203T1400-[0-9A-Z]{7}-1$/);
    expect(poNumberFor(east)).toBe(poNumberFor({ ...east }));
  });

  it("gives windows that start within one minute different PO numbers, and keeps whole minutes short", () => {
    const at = (windowStart: string) => poNumberFor({ ...base, windowStart, shipTo: { kind: "warehouse", location: "main" } });
    const starts = ["2026-12-03T14:00:00.000Z", "2026-12-03T14:00:07.000Z", "2026-12-03T14:00:07.250Z", "2026-12-03T14:00:07.251Z", "2026-12-03T14:00:59.999Z"];
    expect(new Set(starts.map(at)).size).toBe(starts.length);
    expect(at("2026-12-03T14:00:00.000Z")).toBe("PO-ACMEPARTS-20261203T1400-1");
    expect(at("2026-12-03T14:00:07.000Z")).toBe("PO-ACMEPARTS-20261203T140007-1");
    expect(at("2026-12-03T14:00:07.250Z")).toMatch(/^PO-ACMEPARTS-20261203T140007-[0-9A-Z]{7}-1$/);
    expect(at("2026-12-03T14:00:07.250Z")).toBe(at("2026-12-03T14:00:07.250Z"));
  });
});
