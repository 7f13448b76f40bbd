/**
 * Just enough GraphQL reading for the emulator: it recognises the operations the Admin API offers
 * for orders and fulfilment holds and reads their arguments (literal or `$variable`).
 */
export type Vars = Record<string, unknown>;

const argValue = (raw: string | undefined, vars: Vars): unknown => {
  if (raw === undefined) return undefined;
  const t = raw.trim();
  if (t.startsWith("$")) return vars[t.slice(1)];
  if (/^-?\d+$/.test(t)) return Number(t);
  if (t.startsWith('"')) return JSON.parse(t) as unknown;
  return t;
};

/** Arguments of the first `name(...)` in the query, as a record. */
export const readArgs = (query: string, name: string, vars: Vars): Record<string, unknown> | null => {
  const m = new RegExp(`\\b${name}\\s*\\(([^)]*)\\)`).exec(query);
  if (!m) return null;
  const out: Record<string, unknown> = {};
  for (const part of (m[1] ?? "").matchAll(/(\w+)\s*:\s*("(?:[^"\\]|\\.)*"|\$\w+|[\w.-]+|\{[^}]*\})/g)) out[part[1] ?? ""] = argValue(part[2], vars);
  return out;
};

/** `updated_at:>=2025-01-01T00:00:00Z` (quotes optional) → the instant, else null. */
export const updatedSince = (search: unknown): { at: string; inclusive: boolean } | null => {
  if (typeof search !== "string") return null;
  const m = /updated_at:(>=|>)'?"?([^'"\s]+)/.exec(search);
  return m ? { at: new Date(m[2] ?? "").toISOString(), inclusive: m[1] === ">=" } : null;
};

/** Requested cost as Shopify prices it: a connection costs 2 + first × (cost of one node). */
export const requestedCost = (first: number, lineFirst: number): number => 2 + first * (3 + (2 + lineFirst));
