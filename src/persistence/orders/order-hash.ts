import { createHash } from "node:crypto";

/** JSON with sorted keys and no undefined, so equal orders hash equally whatever the key order. */
export const stableStringify = (value: unknown): string => {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
};

export const hashPayload = (value: unknown): string => createHash("sha256").update(stableStringify(value)).digest("hex");
