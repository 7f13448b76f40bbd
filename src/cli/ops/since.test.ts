import { describe, expect, it } from "vitest";
import { UsageError } from "./cli-errors.js";
import { parseSince, SinceSchema } from "./since.js";

describe("parseSince", () => {
  it("regression: `report --since 2025-05-11` was refused; a date is that day's 00:00Z", () => {
    expect(parseSince("2025-05-11")).toBe("2025-05-11T00:00:00.000Z");
    expect(SinceSchema.parse("2024-02-29")).toBe("2024-02-29T00:00:00.000Z");
  });

  it("takes instants with their zone and normalises them to UTC", () => {
    expect(parseSince("2026-03-01T09:30:00Z")).toBe("2026-03-01T09:30:00.000Z");
    expect(parseSince("2026-03-01T09:30:00+02:00")).toBe("2026-03-01T07:30:00.000Z");
    expect(parseSince("2026-03-01T09:30:00.250Z")).toBe("2026-03-01T09:30:00.250Z");
  });

  it.each(["bogus", "last week", "5", "", "2025-02-30", "2025-5-11", "2025-05-11T10:00:00", "11/05/2025"])("refuses %j naming --since and the forms it takes", (text) => {
    expect(() => parseSince(text)).toThrow(UsageError);
    expect(() => parseSince(text)).toThrow(/^--since must be a date \(2026-03-01, read as 00:00Z\) or an instant with its zone/);
  });
});
