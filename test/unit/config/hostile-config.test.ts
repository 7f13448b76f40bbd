import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import { ConfigError, formatProblem } from "../../../src/config/problems.js";

const root = new URL("../../..", import.meta.url).pathname;
const corpus = join(root, "test/fixtures/hostile/config");
/** Runs `backorder config check` on a folder; several run at once, each start of tsx takes seconds. */
const checkCli = (dir: string): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((done) => {
    const cli = [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "src/cli/main.ts"), "config", "check", "--config-dir", dir];
    const child = execFile(process.execPath, cli, { cwd: root, encoding: "utf8", timeout: 45_000 }, (_err, stdout, stderr) => done({ status: child.exitCode, stdout, stderr }));
  });

const problemsOf = (dir: string) => {
  try {
    loadConfig(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error(`${dir} was accepted`);
};

const SECRET = "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";

/** Each case: the file and path a problem must name, and what its message must say. */
const cases: { name: string; expected: { file: string; path: string; message: RegExp }[] }[] = [
  { name: "negative-page-size", expected: [{ file: "channels/shopify-main.yaml", path: "poll.pageSize", message: /^expected at least 1, found number -5$/ }] },
  {
    name: "non-http-url",
    expected: [
      { file: "channels/shopify-main.yaml", path: "baseUrl", message: /^expected an http:\/\/ or https:\/\/ URL .*found string "ftp:\/\/backorder-demo/ },
      { file: "vendors/acme-supplies.yaml", path: "transport.url", message: /^expected an http:\/\/ or https:\/\/ URL .*found string "file:\/\/\/etc\/passwd"$/ },
    ],
  },
  {
    name: "inline-secret",
    expected: [{ file: "channels/shopify-main.yaml", path: "accessTokenEnv", message: /NAME of an environment variable.*found a string of 38 characters \(not shown: it may be a secret\)$/ }],
  },
  { name: "alias-bomb", expected: [{ file: "default.yaml", path: "", message: /^not readable YAML: Excessive alias count indicates a resource exhaustion attack/ }] },
  { name: "path-traversal-id", expected: [{ file: "vendors/etc.yaml", path: "id", message: /^expected lower-case letters, digits and dashes, found string "\.\.\/\.\.\/etc"$/ }] },
  {
    name: "unknown-keys",
    expected: [
      { file: "default.yaml", path: "queues.atempts", message: /^unknown key/ },
      { file: "default.yaml", path: "servr", message: /^unknown key/ },
    ],
  },
  {
    name: "wrong-types",
    expected: [
      { file: "vendors/acme-supplies.yaml", path: "currency", message: /^expected a string, found number 840$/ },
      { file: "vendors/acme-supplies.yaml", path: "dropship", message: /^expected true or false, found string "yes"$/ },
      { file: "vendors/acme-supplies.yaml", path: "minOrderValue", message: /^expected a number, found string "100"$/ },
      { file: "vendors/acme-supplies.yaml", path: "transport", message: /^expected a mapping, found a list$/ },
    ],
  },
  { name: "folder-is-a-file", expected: [{ file: "channels", path: "", message: /^expected a folder of YAML files, found a file$/ }] },
];

/** The 2 MB case is written at test time rather than stored in the repository. */
const hugeStringDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "bo-hostile-config-"));
  mkdirSync(join(dir, "channels"));
  writeFileSync(
    join(dir, "channels", "shopify-main.yaml"),
    "kind: shopify\nid: shopify-main\nshopDomain: s.myshopify.com\nbaseUrl: http://127.0.0.1:8081\naccessTokenEnv: A_TOKEN\nwebhookSecretEnv: A_SECRET\n" +
      `plan: ${"x".repeat(2_000_000)}\n`,
  );
  return dir;
};

describe("hostile config corpus", { timeout: 120_000 }, () => {
  it.each(cases)("$name: refused with a specific problem for each mistake", ({ name, expected }) => {
    const dir = join(corpus, name);
    const problems = [...problemsOf(dir)].sort((a, b) => (a.file + a.path).localeCompare(b.file + b.path));
    expect(problems.map((p) => [p.file, p.path])).toEqual(expected.map((e) => [join(dir, e.file), e.path]));
    problems.forEach((p, i) => expect(p.message).toMatch(expected[i]?.message as RegExp));
  });

  it("2 MB string: refused with the allowed values and only a clipped echo of the value", () => {
    const dir = hugeStringDir();
    const [problem, ...rest] = problemsOf(dir);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: join(dir, "channels", "shopify-main.yaml"), path: "plan" });
    expect(problem?.message).toMatch(/^expected one of "standard", "advanced", "plus", found string "x{30,}\.\.\.$/);
    expect(problem?.message.length).toBeLessThan(200);
  });

  it("`backorder config check` exits 1 and prints each problem, without a stack trace or the secret", async () => {
    const dirs = [...cases.map((c) => ({ name: c.name, dir: join(corpus, c.name) })), { name: "2 MB string", dir: hugeStringDir() }];
    const results = await Promise.all(dirs.map(({ dir }) => checkCli(dir)));
    for (const [i, { name, dir }] of dirs.entries()) {
      const result = results[i] as Awaited<ReturnType<typeof checkCli>>;
      expect(result.status, `${name}: ${result.stderr}`).toBe(1);
      for (const p of problemsOf(dir)) expect(result.stderr, name).toContain(`  ${formatProblem(p)}\n`);
      expect(result.stderr, name).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(result.stderr.length, name).toBeLessThan(5_000);
      expect(result.stdout + result.stderr, name).not.toContain(SECRET);
    }
  });
});
