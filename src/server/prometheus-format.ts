/**
 * A tiny writer of the Prometheus text exposition format (version 0.0.4), so /metrics needs no
 * client library. Grammar: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
export type MetricType = "counter" | "gauge" | "untyped";

export type MetricSample = {
  name: string;
  value: number;
  labels?: Record<string, string>;
  help?: string;
  type?: MetricType;
};

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Names come from code and config (queue names contain dots); map them onto the grammar rather than fail the scrape. */
export const sanitizeMetricName = (name: string): string => {
  if (METRIC_NAME.test(name)) return name;
  const cleaned = name.replace(/[^a-zA-Z0-9_:]/g, "_");
  return /^[0-9]/.test(cleaned) || cleaned === "" ? `_${cleaned}` : cleaned;
};

const sanitizeLabelName = (name: string): string => {
  if (LABEL_NAME.test(name) && !name.startsWith("__")) return name;
  const cleaned = name.replace(/[^a-zA-Z0-9_]/g, "_").replace(/^_+/, "");
  return /^[0-9]/.test(cleaned) || cleaned === "" ? `l_${cleaned}` : cleaned;
};

/** Label values escape backslash, double quote and line feed; HELP text escapes backslash and line feed. */
export const escapeLabelValue = (value: string): string =>
  value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

const escapeHelp = (text: string): string => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

export const formatValue = (value: number): string => {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
};

const formatLabels = (labels: Record<string, string> | undefined): string => {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return "";
  const parts = entries.map(([k, v]) => `${sanitizeLabelName(k)}="${escapeLabelValue(v)}"`);
  return `{${parts.join(",")}}`;
};

/** All samples of one metric name must be contiguous, under one HELP and one TYPE line. */
export const formatPrometheus = (samples: readonly MetricSample[]): string => {
  const families = new Map<string, MetricSample[]>();
  for (const sample of samples) {
    const name = sanitizeMetricName(sample.name);
    const family = families.get(name);
    if (family) family.push(sample);
    else families.set(name, [sample]);
  }
  const lines: string[] = [];
  for (const [name, family] of families) {
    const help = family.find((s) => s.help !== undefined)?.help;
    const type = family.find((s) => s.type !== undefined)?.type ?? "untyped";
    if (help !== undefined) lines.push(`# HELP ${name} ${escapeHelp(help)}`);
    lines.push(`# TYPE ${name} ${type}`);
    for (const s of family) lines.push(`${name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
};
