import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePrometheus } from "../../test/integration/server/prometheus-grammar.js";
import { escapeLabelValue, formatPrometheus, formatValue, sanitizeMetricName } from "./prometheus-format.js";

describe("formatPrometheus", () => {
  it("writes one HELP and TYPE per family, samples contiguous even when given interleaved", () => {
    const text = formatPrometheus([
      { name: "jobs", type: "gauge", help: "Jobs.", labels: { queue: "a" }, value: 1 },
      { name: "up", type: "gauge", value: 1 },
      { name: "jobs", labels: { queue: "b" }, value: 2 },
    ]);
    expect(text).toBe(
      '# HELP jobs Jobs.\n# TYPE jobs gauge\njobs{queue="a"} 1\njobs{queue="b"} 2\n# TYPE up gauge\nup 1\n',
    );
  });

  it("escapes backslash, quote and line feed in label values and help", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const text = formatPrometheus([{ name: "m", help: "line1\nback\\slash", labels: { v: 'x"y' }, value: 0 }]);
    expect(text).toContain("# HELP m line1\\nback\\\\slash\n");
    expect(text).toContain('m{v="x\\"y"} 0\n');
  });

  it("maps names outside the grammar onto it and writes special values", () => {
    expect(sanitizeMetricName("ingest.shopify-main_total")).toBe("ingest_shopify_main_total");
    expect(sanitizeMetricName("9lives")).toBe("_9lives");
    expect([NaN, Infinity, -Infinity, 1.5].map(formatValue)).toEqual(["NaN", "+Inf", "-Inf", "1.5"]);
    expect(formatPrometheus([])).toBe("");
  });

  it("round-trips any label value and number through the grammar", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.double(), (value, labelName, n) => {
        const text = formatPrometheus([{ name: "prop.metric", labels: { [labelName]: value }, value: n }]);
        const [sample] = parsePrometheus(text);
        expect(sample?.name).toBe("prop_metric");
        expect(Object.values(sample?.labels ?? {})).toEqual([value]);
        expect(Object.is(sample?.value, n) || (n === 0 && sample?.value === 0)).toBe(true);
      }),
    );
  });
});
