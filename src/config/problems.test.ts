import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ChannelConfigSchema } from "./channel.schema.js";
import { formatProblem, problemsFromZod } from "./problems.js";

const lines = (schema: z.ZodTypeAny, input: unknown): string[] => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected a failure");
  return problemsFromZod("c.yaml", r.error.issues, input).map(formatProblem);
};

describe("problemsFromZod", () => {
  it("regression: a missing key read 'expected Required, found nothing'; now 'required, missing'", () => {
    const out = lines(z.object({ name: z.string(), port: z.number(), transport: z.object({ url: z.string() }) }), { transport: {} });
    expect(out).toEqual(["c.yaml: name: required, missing", "c.yaml: port: required, missing", "c.yaml: transport.url: required, missing"]);
    expect(out.join("\n")).not.toMatch(/Required|nothing/);
  });

  it("names the allowed values of a missing choice", () => {
    expect(lines(ChannelConfigSchema, {})).toEqual(['c.yaml: kind: required (one of "shopify", "amazon"), missing']);
  });

  it("words zod's default messages after 'expected' without repeating what was found", () => {
    const schema = z.object({
      currency: z.string(), dropship: z.boolean(), transport: z.object({}), pageSize: z.number().int().min(1).max(250),
      share: z.number().gt(0), locations: z.array(z.string()).min(1), kind: z.literal("http"), name: z.string().min(1),
    });
    const out = lines(schema, { currency: 840, dropship: "yes", transport: ["http"], pageSize: 1.5, share: 0, locations: [], kind: "ftp", name: "" });
    expect(out).toEqual([
      "c.yaml: currency: expected a string, found number 840",
      'c.yaml: dropship: expected true or false, found string "yes"',
      "c.yaml: transport: expected a mapping, found a list",
      "c.yaml: pageSize: expected a whole number, found number 1.5",
      "c.yaml: share: expected more than 0, found number 0",
      "c.yaml: locations: expected at least 1 entry(ies), found an empty list",
      'c.yaml: kind: expected "http", found string "ftp"',
      'c.yaml: name: expected at least 1 character(s), found string ""',
    ]);
    expect(lines(z.object({ pageSize: z.number().max(250) }), { pageSize: 500 })).toEqual(["c.yaml: pageSize: expected at most 250, found number 500"]);
  });

  it("keeps a schema's own message, written to follow 'expected'", () => {
    expect(lines(z.object({ id: z.string().regex(/^[a-z]+$/, "lower-case letters") }), { id: "A" })).toEqual(['c.yaml: id: expected lower-case letters, found string "A"']);
  });
});
