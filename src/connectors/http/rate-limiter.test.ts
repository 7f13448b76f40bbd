import { describe, expect, it } from "vitest";
import { shareOf } from "./rate-limiter.js";

describe("shareOf", () => {
  it("scales burst and rate by the channel's budget share, never below one token", () => {
    expect(shareOf({ capacity: 20, ratePerSec: 0.0167 }, 0.8)).toEqual({ capacity: 16, ratePerSec: 0.0167 * 0.8 });
    expect(shareOf({ capacity: 1, ratePerSec: 1 }, 0.5).capacity).toBe(1);
  });
});
