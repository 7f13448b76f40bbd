/**
 * The Prometheus text format grammar (https://prometheus.io/docs/instrumenting/exposition_formats/),
 * used by tests to check every line /metrics returns.
 */
const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const VALUE = "(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?Inf|NaN)";

export const SAMPLE_LINE = new RegExp(`^(${NAME})(\\{(?:${LABEL}(?:,${LABEL})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`);
export const HELP_LINE = new RegExp(`^# HELP (${NAME}) (?:[^\\\\\\n]|\\\\[\\\\n])*$`);
export const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);

export type ParsedSample = { name: string; labels: Record<string, string>; value: number };

const unescape = (v: string): string => v.replace(/\\(["\\n])/g, (_m, c: string) => (c === "n" ? "\n" : c));

/** Parses the exposition; throws on the first line that breaks the grammar. */
export const parsePrometheus = (text: string): ParsedSample[] => {
  if (text !== "" && !text.endsWith("\n")) throw new Error("exposition must end with a line feed");
  const samples: ParsedSample[] = [];
  for (const line of text.split("\n").slice(0, -1)) {
    if (HELP_LINE.test(line) || TYPE_LINE.test(line)) continue;
    const m = SAMPLE_LINE.exec(line);
    if (!m?.[1] || m[3] === undefined) throw new Error(`not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const lm of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[lm[1] ?? ""] = unescape(lm[2] ?? "");
    }
    const raw = m[3];
    const value = raw.endsWith("Inf") ? (raw.startsWith("-") ? -Infinity : Infinity) : Number(raw);
    samples.push({ name: m[1], labels, value });
  }
  return samples;
};
