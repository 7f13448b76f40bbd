import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ChannelConfigSchema } from "./channel.schema.js";
import { loadConfig } from "./load-config.js";
import { ConfigError } from "./problems.js";
import { VendorConfigSchema } from "./vendor.schema.js";

const shipped = new URL("../../config", import.meta.url).pathname;
const shippedFiles = ["default.yaml", ...["channels", "vendors"].flatMap((sub) => readdirSync(join(shipped, sub)).map((f) => `${sub}/${f}`))];
const shippedText = (file: string) => readFileSync(join(shipped, file), "utf8");

const root = mkdtempSync(join(tmpdir(), "bo-config-fuzz-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

/** A copy of the shipped config with one file replaced or added; the loader runs on it. */
const loadWith = (file: string, text: string): { dir: string; outcome: ReturnType<typeof loadConfig> | ConfigError } => {
  const dir = join(root, String(runs++));
  cpSync(shipped, dir, { recursive: true });
  writeFileSync(join(dir, file), text);
  try {
    return { dir, outcome: loadConfig(dir) };
  } catch (err) {
    // Anything but ConfigError (a TypeError, ENOTDIR, a zod throw) is a crash of the loader.
    expect(err).toBeInstanceOf(ConfigError);
    return { dir, outcome: err as ConfigError };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Either a config that re-validates, or problems that all name the file written, each short enough to read. */
const check = (file: string, text: string): void => {
  const { dir, outcome } = loadWith(file, text);
  if (outcome instanceof ConfigError) {
    expect(outcome.problems.length).toBeGreaterThan(0);
    for (const p of outcome.problems) {
      // The shipped files are valid, so the written file is the only one a problem may name.
      expect(p.file).toBe(join(dir, file));
      expect(p.message.trim()).not.toBe("");
      expect(p.message.length + p.path.length).toBeLessThan(2_000);
    }
    return;
  }
  for (const c of outcome.channels) expect(ChannelConfigSchema.safeParse(c).success).toBe(true);
  for (const v of outcome.vendors) expect(VendorConfigSchema.safeParse(v).success).toBe(true);
};

const token = fc.constantFrom(":", "- ", "\n", "  ", "&a ", "*a", "!!binary ", "'", '"', "{", "[", "-1", "0", "1e999", "null", "~", "file:///etc/passwd", "../../etc", "sk_live_123", "<<: *a", "\t", "#");

/** The shipped text with a slice replaced: mostly still YAML, often no longer a valid config. */
const mutatedText = fc.tuple(fc.constantFrom(...shippedFiles), fc.nat(), fc.nat({ max: 20 }), fc.array(token, { maxLength: 4 })).map(([file, at, len, ins]) => {
  const t = shippedText(file);
  const i = at % (t.length + 1);
  return { file, text: t.slice(0, i) + ins.join("") + t.slice(i + len) };
});

/** The shipped value with one key (top level or one below) set to an arbitrary JSON value. */
const patchedValue = fc.tuple(fc.constantFrom(...shippedFiles), fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 3 })).map(([file, a, b, v]) => {
  const value = parse(shippedText(file)) as Record<string, unknown>;
  const keys = Object.keys(value);
  const key = keys[a % keys.length] as string;
  const inner = value[key];
  if (inner && typeof inner === "object" && !Array.isArray(inner) && b % 2 === 0) {
    const innerKeys = Object.keys(inner);
    (inner as Record<string, unknown>)[innerKeys[b % innerKeys.length] ?? "extra"] = v;
  } else value[key] = v;
  return { file, text: stringify(value) };
});

const anyFile = fc.constantFrom(...shippedFiles, "channels/new-channel.yaml", "vendors/new-vendor.yaml");

describe("loadConfig on hostile files never crashes", { timeout: 60_000 }, () => {
  it("mutated shipped files", () => {
    fc.assert(fc.property(mutatedText, ({ file, text }) => check(file, text)), { numRuns: 150 });
  });

  it("shipped values with one key replaced by arbitrary JSON", () => {
    fc.assert(fc.property(patchedValue, ({ file, text }) => check(file, text)), { numRuns: 150 });
  });

  it("arbitrary YAML values and arbitrary text", () => {
    fc.assert(fc.property(anyFile, fc.jsonValue(), (file, v) => check(file, stringify(v))), { numRuns: 150 });
    fc.assert(fc.property(anyFile, fc.string({ maxLength: 200, unit: "binary" }), check), { numRuns: 150 });
  });

  it("arbitrary file names in the channel and vendor folders", () => {
    const name = fc.stringMatching(/^[^/\0]{1,40}$/).filter((n) => n !== "." && n !== "..");
    fc.assert(fc.property(fc.constantFrom("channels", "vendors"), name, fc.constantFrom(".yaml", ".yml"), (sub, n, ext) => {
      // The file name is the id, so a name like "../../etc" can never be accepted.
      check(`${sub}/${n}${ext}`, shippedText(sub === "channels" ? "channels/amazon-eu.yaml" : "vendors/acme-supplies.yaml").replace(/^id: .*$/m, `id: ${JSON.stringify(n)}`));
    }), { numRuns: 150 });
  });
});
