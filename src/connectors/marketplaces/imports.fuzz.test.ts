import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NormalisedOrderSchema } from "../../cli/plan/normalised.schemas.js";
import { parseAmazonAllOrdersTsv } from "./amazon/amazon-tsv.mapper.js";
import { parseDelimited, readTable } from "./csv.js";
import type { MapResult } from "./map-result.js";
import { parseShopifyOrdersCsv } from "./shopify/shopify-csv.mapper.js";

// The real Shopify export sits in ../shared beside the clone (locally and in CI).
const shared = (path: string) => readFileSync(new URL(`../../../../shared/data/${path}`, import.meta.url), "utf8");
const fixture = (path: string) => readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), "utf8");

const shopifySamples = [shared("shopify/orders_export_devstore.csv"), fixture("hostile/shopify-broken.csv")];
const amazonSamples = [fixture("amazon/all-orders.tsv"), fixture("hostile/amazon-broken.tsv")];

/** RFC 4180 writer: a field is quoted when it holds a quote, the separator or a line break. */
const serialise = (rows: string[][], sep: string, eol = "\r\n"): string =>
  rows
    // A leading U+FEFF at the very start of a file is an encoding mark to any reader, so it is quoted.
    .map((r) => r.map((c) => (c.includes('"') || c.includes(sep) || /[\r\n]/.test(c) || c.startsWith("\ufeff") ? `"${c.replaceAll('"', '""')}"` : c)).join(sep))
    .join(eol);

const tokens = (sep: string) => ["\n", "\r\n", "\r", '"', '""', sep, "0", "-1", "1.5", "99999999999999999999", "9007199254740993", "", " ", "#1001", "\ufeff", "é", "𝟙", "NaN", "Pending", "XYZ", "2025-13-45"];

const KEY_COLUMNS = ["Name", "Id", "Currency", "Created at", "Lineitem quantity", "Lineitem price", "Lineitem sku", "Total", "Cancelled at",
  "amazon-order-id", "order-status", "purchase-date", "last-updated-date", "sku", "asin", "quantity", "currency", "item-price", "item-status"];

/** Mutations that keep most of a real file: a slice of text replaced, a whole line doubled, dropped or moved, or one cell rewritten. */
const mutated = (samples: string[], sep: string) => {
  const token = fc.constantFrom(...tokens(sep));
  const text = fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat({ max: 30 }), fc.array(token, { maxLength: 4 })).map(([t, at, len, ins]) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + ins.join("") + t.slice(i + len);
  });
  const lines = fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat(), fc.constantFrom("dup", "drop", "move")).map(([t, a, b, op]) => {
    const ls = t.split("\n");
    const [i, j] = [a % ls.length, b % ls.length];
    const line = ls[i] ?? "";
    if (op === "drop") ls.splice(i, 1);
    else if (op === "dup") ls.splice(j, 0, line);
    else ls.splice(j, 0, ...ls.splice(i, 1));
    return ls.join("\n");
  });
  const cell = fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat(), fc.oneof(token, fc.string({ maxLength: 12 }))).map(([t, a, b, v]) => {
    const rows = parseDelimited(t, sep);
    const row = rows[1 + (a % Math.max(1, rows.length - 1))];
    if (row) row[b % row.length] = v;
    return serialise(rows, sep);
  });
  // The columns the mappers read, so a rewrite hits them far more often than 1 in 79.
  const keyCell = fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.constantFrom(...KEY_COLUMNS), fc.oneof(token, fc.string({ maxLength: 8 }))).map(([t, a, name, v]) => {
    const rows = parseDelimited(t, sep);
    const col = rows[0]?.indexOf(name) ?? -1;
    const row = rows[1 + (a % Math.max(1, rows.length - 1))];
    if (row && col >= 0) row[col] = v;
    return serialise(rows, sep);
  });
  return fc.oneof(text, lines, cell, keyCell);
};

/** Runs a mapper; a mapper's contract is to return rejections, never to throw. */
const run = (parse: (t: string, c: string) => MapResult, text: string): MapResult => {
  let result: MapResult | undefined;
  expect(() => (result = parse(text, "fuzz"))).not.toThrow();
  return result as MapResult;
};

/** Every accepted order is a valid normalised order and every line quantity a safe whole number. */
const acceptedAreValid = (res: MapResult): void => {
  for (const order of res.orders) {
    const parsed = NormalisedOrderSchema.safeParse(order);
    expect(parsed.success, `${order.externalId}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    for (const l of order.lines) {
      for (const n of [l.ordered, l.cancelled, l.fulfilled]) expect(Number.isSafeInteger(n) && n >= 0, `${order.externalId} ${l.lineId} ${n}`).toBe(true);
      expect(l.cancelled + l.fulfilled).toBeLessThanOrEqual(l.ordered);
    }
  }
  expect(res.rejected.every((r) => r.reason.trim().length > 0)).toBe(true);
};

/** Groups of data rows keyed as the mapper keys them, in file order. */
const groups = (text: string, sep: string, key: string) => {
  const out = new Map<string, Record<string, string>[]>();
  for (const r of readTable(text, sep).records) out.set(r[key] ?? "", [...(out.get(r[key] ?? "") ?? []), r]);
  return out;
};

const fileRejected = (res: MapResult): boolean => res.rejected.length === 1 && res.rejected[0]?.ref === "file" && res.orders.length === 0;

/** A file-level rejection names what is really wrong with the file: empty, not text, or the header. */
const fileReasonFits = (reason: string, text: string, area: string, report: string): void => {
  const body = text.replace(/^\ufeff/, "");
  const code = /^[A-Z_]+\.([A-Z_]+):/.exec(reason)?.[1];
  expect(reason.startsWith(`${area}.`), reason).toBe(true);
  if (body.trim() === "") expect(code, reason).toBe("EMPTY");
  else if (body.includes("\u0000")) expect(code, reason).toBe("NOT_TEXT");
  else expect(reason).toMatch(new RegExp(`^${area}\\.HEADER: not ${report}: missing columns \\S`));
};

describe("merchant file importers never throw and drop nothing", () => {
  it("Shopify CSV: each order (rows sharing a Name) is accepted with one line per row, or rejected with its rows and a reason", { timeout: 60_000 }, () => {
    const check = (text: string) => {
      const res = run(parseShopifyOrdersCsv, text);
      acceptedAreValid(res);
      if (fileRejected(res)) {
        fileReasonFits(res.rejected[0]?.reason ?? "", text, "SHOPIFY_CSV", "a Shopify orders export \\(CSV\\)");
        return;
      }
      const byName = groups(text, ",", "Name");
      expect(res.orders.length + res.rejected.length).toBe(byName.size);
      for (const [name, rows] of byName) {
        const order = res.orders.filter((o) => o.orderNumber === name);
        const rejected = res.rejected.filter((r) => r.ref === name);
        expect(order.length + rejected.length, name).toBe(1);
        if (rejected[0]) expect(rejected[0].payload).toEqual(rows);
        else expect(order[0]?.lines.map((l) => [l.title, l.ordered])).toEqual(rows.map((r) => [r["Lineitem name"], Number(r["Lineitem quantity"])]));
      }
      // Two accepted orders with one id would overwrite each other when stored.
      expect(new Set(res.orders.map((o) => o.externalId)).size).toBe(res.orders.length);
    };
    fc.assert(fc.property(mutated(shopifySamples, ","), check), { numRuns: 600 });
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (tail) => check(`${shopifySamples[0]?.split("\n")[0]}\n${tail}`)), { numRuns: 200 });
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: "binary" }), check), { numRuns: 200 });
  });

  it("Amazon TSV: each order id is accepted with every unit of its rows, deferred while Pending, or rejected with its rows and a reason", { timeout: 60_000 }, () => {
    const check = (text: string) => {
      const res = run(parseAmazonAllOrdersTsv, text);
      acceptedAreValid(res);
      if (fileRejected(res)) {
        fileReasonFits(res.rejected[0]?.reason ?? "", text, "AMAZON_TSV", "an Amazon All Orders report \\(TSV\\)");
        return;
      }
      const byId = groups(text, "\t", "amazon-order-id");
      const deferred = res.deferred ?? [];
      expect(res.orders.length + res.rejected.length + deferred.length).toBe(byId.size);
      for (const [id, rows] of byId) {
        const order = res.orders.filter((o) => o.externalId === id);
        const rejected = res.rejected.filter((r) => r.ref === id);
        const later = deferred.filter((d) => d.ref === id);
        expect(order.length + rejected.length + later.length, id).toBe(1);
        if (rejected[0]) expect(rejected[0].payload).toEqual(rows);
        else if (later[0]) expect(rows[0]?.["order-status"]).toMatch(/^pending/i);
        // Rows of one SKU are summed (C05), so units, not lines, are what must add up.
        else expect(order[0]?.lines.reduce((n, l) => n + l.ordered, 0)).toBe(rows.reduce((n, r) => n + Number(r["quantity"]), 0));
      }
    };
    fc.assert(fc.property(mutated(amazonSamples, "\t"), check), { numRuns: 600 });
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (tail) => check(`${amazonSamples[0]?.split("\n")[0]}\n${tail}`)), { numRuns: 200 });
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: "binary" }), check), { numRuns: 200 });
  });
});

describe("RFC 4180 reader", () => {
  const cellText = fc.string({ unit: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('"', ",", "\t", "\r", "\n", "\r\n", " ", "\ufeff", "\u2028", "€") }, { weight: 5, arbitrary: fc.constant("a") }, { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) }), maxLength: 12 });
  const table = fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }));

  it("parseDelimited gives back the cells of any table written with RFC 4180 quoting", () => {
    fc.assert(
      fc.property(table, fc.constantFrom(",", "\t"), fc.constantFrom("\r\n", "\n"), fc.boolean(), (rows, sep, eol, trailing) => {
        // A row of one empty cell is a blank line to every reader; RFC 4180 has no way to tell them apart.
        fc.pre(rows.every((r) => r.length > 1 || r[0] !== ""));
        expect(parseDelimited(serialise(rows, sep, eol) + (trailing ? eol : ""), sep)).toEqual(rows);
      }),
      { numRuns: 1500 },
    );
  });

  it("readTable keys every cell by its (trimmed) header name", () => {
    const header = fc.uniqueArray(cellText.map((s) => s.trim()).filter((s) => s !== ""), { minLength: 2, maxLength: 5 });
    const withRows = header.chain((h) => fc.tuple(fc.constant(h), fc.array(fc.array(cellText, { minLength: h.length, maxLength: h.length }), { maxLength: 6 })));
    fc.assert(
      fc.property(withRows, fc.constantFrom(",", "\t"), ([h, rows], sep) => {
        const { header: names, records } = readTable(serialise([h, ...rows], sep), sep);
        expect(names).toEqual(h);
        expect(records).toEqual(rows.map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]]))));
      }),
      { numRuns: 800 },
    );
  });

  it("strips a byte order mark only at the start of the file", () => {
    expect(parseDelimited("\ufeffName,Id\r\n\ufeffx,1", ",")).toEqual([["Name", "Id"], ["\ufeffx", "1"]]);
  });
});
