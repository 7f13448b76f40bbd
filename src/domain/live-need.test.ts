import { describe, expect, it } from "vitest";
import { inFlightGrants, liveNeed } from "./live-need.js";

describe("liveNeed", () => {
  it("is the recorded shortfall when every document agrees", () => {
    expect(liveNeed({ recorded: 4, evaluated: 4, inFlight: 0 })).toBe(4);
  });

  it("takes the smallest reading while one document is ahead of the others", () => {
    // The evaluation already served the line from stock; the backorder line is not rewritten yet.
    expect(liveNeed({ recorded: 4, evaluated: 0, inFlight: 0 })).toBe(0);
    // An evaluation recorded its intent to serve 3 of the 4 units but has not finished.
    expect(liveNeed({ recorded: 4, evaluated: 4, intended: 1, inFlight: 0 })).toBe(1);
    // The backorder line shrank first (an order edit) and the evaluation still says more.
    expect(liveNeed({ recorded: 2, evaluated: 5, inFlight: 0 })).toBe(2);
  });

  it("subtracts units a receipt took off a PO but has not handed to the order yet", () => {
    expect(liveNeed({ recorded: 3, evaluated: 3, inFlight: 3 })).toBe(0);
    expect(liveNeed({ recorded: 5, evaluated: 5, inFlight: 2 })).toBe(3);
    expect(liveNeed({ recorded: 1, evaluated: 1, inFlight: 4 })).toBe(0);
  });

  it("treats a line the evaluation does not know yet by its recorded quantity", () => {
    expect(liveNeed({ recorded: 2, inFlight: 0 })).toBe(2);
  });
});

describe("inFlightGrants", () => {
  it("sums grants not yet given per order line and ignores the given ones", () => {
    const m = inFlightGrants([
      { order: "s:A", line: "1", quantity: 2, given: false },
      { order: "s:A", line: "1", quantity: 1, given: false },
      { order: "s:A", line: "2", quantity: 5, given: true },
      { order: "s:B", line: "1", quantity: 0, given: false },
    ]);
    expect([...m]).toEqual([["s:A#1", 3]]);
  });
});
