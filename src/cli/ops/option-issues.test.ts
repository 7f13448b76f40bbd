import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeOptionIssues, flagOf } from "./option-issues.js";

const issues = (schema: z.ZodTypeAny, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected a failure");
  return describeOptionIssues(r.error.issues);
};

describe("describeOptionIssues", () => {
  it("regression: `po receive PO-1` said 'Required; Required'; every issue now names its option", () => {
    const schema = z.object({ sku: z.string().min(1), qty: z.string().regex(/^[1-9]\d*$/, "must be a positive whole number") });
    expect(issues(schema, {})).toBe("--sku is required; --qty is required");
    expect(issues(schema, { sku: "", qty: "1.5" })).toBe("--sku must not be empty; --qty must be a positive whole number");
  });

  it("spells options as typed on the command line and words zod's defaults after them", () => {
    expect(flagOf(["configDir"])).toBe("--config-dir");
    expect(flagOf(["maxWaitDays"])).toBe("--max-wait-days");
    expect(issues(z.object({ orders: z.coerce.number().int().positive() }), { orders: "abc" })).toBe("--orders must be a number");
    expect(issues(z.object({ orders: z.number().positive() }), { orders: 0 })).toBe("--orders must be above 0");
    expect(issues(z.object({ orders: z.coerce.number().int() }), { orders: "1.5" })).toBe("--orders must be a whole number");
    expect(issues(z.object({ seed: z.number().min(0) }), { seed: -1 })).toBe("--seed must be at least 0");
    expect(issues(z.object({ state: z.enum(["draft", "issued"]) }), { state: "x" })).toBe("--state must be one of draft, issued");
    expect(issues(z.object({ json: z.boolean() }), { json: "yes" })).toBe("--json must be a boolean, not string");
  });
});
