import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Guards the rule that src/domain is pure: no imports from outside it, no clock, no randomness.
const domainDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../src/domain");

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    // Tests are not shipped domain code: they may import vitest and test builders.
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [full] : [];
  });

const specifiers = (text: string): string[] =>
  [...text.matchAll(/(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|require\s*\(\s*["']([^"']+)["']/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");

export const impurities = (file: string, text: string): string[] => {
  const problems: string[] = [];
  for (const spec of specifiers(text)) {
    const target = path.resolve(path.dirname(file), spec);
    if (!spec.startsWith(".") || !(target === domainDir || target.startsWith(domainDir + path.sep))) problems.push(`imports "${spec}"`);
  }
  if (/\bDate\.now\s*\(/.test(text)) problems.push("calls Date.now()");
  if (/\bMath\.random\s*\(/.test(text)) problems.push("calls Math.random()");
  if (/\bnew\s+Date\s*\(\s*\)/.test(text) || /\bnew\s+Date\b(?!\s*\()/.test(text)) problems.push("reads the clock with new Date()");
  return problems;
};

describe("src/domain is pure", () => {
  const files = sourceFiles(domainDir);
  it("has files to check", () => expect(files.length).toBeGreaterThan(10));
  it.each(files.map((f) => [path.relative(domainDir, f), f]))("%s imports only src/domain and reads no clock or randomness", (_rel, file) => {
    expect(impurities(file, readFileSync(file, "utf8"))).toEqual([]);
  });
  it("the checker itself catches each forbidden form", () => {
    const f = path.join(domainDir, "x.ts");
    expect(impurities(f, `import { z } from "zod";`)).toEqual([`imports "zod"`]);
    expect(impurities(f, `import type { X } from "../shared/errors.js";`)).toEqual([`imports "../shared/errors.js"`]);
    expect(impurities(f, `import fs from "node:fs";`)).toEqual([`imports "node:fs"`]);
    expect(impurities(f, `const t = Date.now();`)).toEqual(["calls Date.now()"]);
    expect(impurities(f, `const r = Math.random();`)).toEqual(["calls Math.random()"]);
    expect(impurities(f, `const d = new Date();`)).toEqual(["reads the clock with new Date()"]);
    expect(impurities(f, `const d = new Date("2026-01-01");`)).toEqual([]);
    expect(impurities(f, `import { a } from "./allocation.js";`)).toEqual([]);
  });
});
