import { describe, expect, it } from "vitest";
import { roundOrderQuantity } from "./rounding.js";

describe("roundOrderQuantity", () => {
  it.each([
    [0, 6, 10, 0],
    [4, 1, 1, 4],
    [4, 6, 1, 6],
    [7, 6, 1, 12],
    [4, 1, 10, 10],
    [4, 6, 10, 12],
    [13, 6, 10, 18],
    [100, 1, 10, 100],
  ])("demand %i, case pack %i, MOQ %i → %i", (demand, casePack, moq, expected) => {
    expect(roundOrderQuantity(demand, { casePack, moq })).toBe(expected);
  });
});
