import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError } from "../../config/problems.js";
import { IllegalTransitionError } from "../../domain/errors.js";
import { PermanentError, RateLimitedError, TransientError } from "../../shared/errors.js";
import { PlanUsageError } from "../plan/plan-errors.js";
import { NotFoundError, UsageError } from "./cli-errors.js";
import { exitCodeOf, redact, writeFailure } from "./error-output.js";

const written = (err: unknown, env: NodeJS.ProcessEnv = {}) => {
  let text = "";
  const code = writeFailure("sync", err, { env, write: (t) => (text += t) });
  return { code, text, lines: text.trimEnd().split("\n") };
};

// An HTTP failure as axios builds it: the request's headers, token included, hang off the cause.
const axiosLike = (token: string) => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8081"), { code: "ECONNREFUSED", config: { headers: { "x-shopify-access-token": token } } });

describe("writeFailure", () => {
  it("regression: expected failures printed a Node stack trace; now one line with code and retry verdict", () => {
    const auth = written(new PermanentError("SHOPIFY.AUTH", "SHOPIFY answered HTTP 401 (Invalid API key)"));
    expect(auth.lines).toEqual(["backorder sync: [SHOPIFY.AUTH] SHOPIFY answered HTTP 401 (Invalid API key) (retry will not help)"]);
    expect(auth.code).toBe(1);
    const down = written(new TransientError("SHOPIFY.NETWORK", "SHOPIFY unreachable: ECONNREFUSED", {}, { cause: axiosLike("shpat_x") }));
    expect(down.lines).toEqual(["backorder sync: [SHOPIFY.NETWORK] SHOPIFY unreachable: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:8081) (temporary: retrying may help)"]);
    expect(down.code).toBe(75);
    expect(down.text).not.toMatch(/\n\s+at /);
  });

  it("gives every kind of failure its documented exit code", () => {
    expect(exitCodeOf(new UsageError("x"))).toBe(2);
    expect(exitCodeOf(new NotFoundError("x"))).toBe(2);
    expect(exitCodeOf(new PlanUsageError("x"))).toBe(2);
    expect(exitCodeOf(new PermanentError("A.B", "x"))).toBe(1);
    expect(exitCodeOf(new IllegalTransitionError("PO", "received", "cancelled"))).toBe(1);
    expect(exitCodeOf(new ConfigError([{ file: "f", path: "p", message: "m" }]))).toBe(1);
    expect(exitCodeOf(new TransientError("LOCK.BUSY", "x"))).toBe(75);
    expect(exitCodeOf(new RateLimitedError("SHOPIFY.RATE_LIMITED", "x", 1000))).toBe(75);
    expect(exitCodeOf(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBe(75);
    expect(exitCodeOf(Object.assign(new Error("no server"), { name: "MongooseServerSelectionError" }))).toBe(75);
    expect(exitCodeOf(new TypeError("x is not a function"))).toBe(1);
  });

  it("points a usage error at the command's own --help, but not a name that does not exist", () => {
    expect(written(new UsageError("--since must be a date")).lines).toEqual(["backorder sync: --since must be a date", "see backorder sync --help"]);
    expect(written(new NotFoundError('no channel "nope"')).lines).toEqual(['backorder sync: no channel "nope"']);
  });

  it("names a bug as one, and prints stacks (cause chain too) only with BACKORDER_DEBUG", () => {
    const bug = new TypeError("cfg.kind is undefined");
    expect(written(bug).lines).toEqual(["backorder sync: cfg.kind is undefined (TypeError; BACKORDER_DEBUG=1 prints the stack)"]);
    const debug = written(new TransientError("SHOPIFY.NETWORK", "SHOPIFY unreachable", {}, { cause: axiosLike("x") }), { BACKORDER_DEBUG: "1" });
    expect(debug.text).toMatch(/\n\s+at /);
    expect(debug.text).toContain("caused by: Error: connect ECONNREFUSED");
    expect(written(bug, { BACKORDER_DEBUG: "0" }).lines).toHaveLength(1);
  });

  it("never prints a secret: env values of secret-named variables and URL credentials, stacks included", () => {
    const env = { SHOPIFY_MAIN_ACCESS_TOKEN: "shpat_0123456789", SMTP_PASSWORD: "hunter22", BACKORDER_DEBUG: "1" };
    const err = new PermanentError("SHOPIFY.AUTH", "token shpat_0123456789 refused", {}, { cause: new Error("login hunter22 at mongodb://ops:pa55word@db:27017/x") });
    const out = written(err, env).text;
    for (const secret of ["shpat_0123456789", "hunter22", "pa55word"]) expect(out).not.toContain(secret);
    expect(out).toContain("mongodb://***@db:27017/x");
    expect(redact("LOG_LEVEL debug", { LOG_LEVEL: "debug" })).toBe("LOG_LEVEL debug");
  });

  it("keeps a config error's problem list readable, the verdict before the list", () => {
    const lines = written(new ConfigError([{ file: "channels/x.yaml", path: "baseUrl", message: "missing" }])).lines;
    expect(lines).toEqual(["backorder sync: [CONFIG.INVALID] configuration has 1 problem(s) (retry will not help):", "  channels/x.yaml: baseUrl: missing"]);
  });

  it("writes zod issues by path, not as zod's JSON dump", () => {
    const r = z.object({ MONGODB_URI: z.string().url() }).safeParse({ MONGODB_URI: "x" });
    expect(r.success).toBe(false);
    if (!r.success) expect(written(r.error).lines).toEqual(["backorder sync: MONGODB_URI: Invalid url"]);
  });
});

describe("writeFailure and control characters", () => {
  it("regression: `po show $'\\e[2J…'` echoed the argument raw (`purchase order ^[[2J… does not exist`); now escaped", () => {
    const { text, code } = written(new NotFoundError("purchase order \u001b[2J\u001b]0;owned\u0007\rPO does not exist"));
    expect(text).toBe("backorder sync: purchase order \\x1b[2J\\x1b]0;owned\\x07\\rPO does not exist\n");
    expect(code).toBe(2);
  });

  it("keeps the layout of a multi-line message and of the debug stacks, escaping inside each line", () => {
    const err = new PermanentError("CONFIG.X", "2 problem(s):\nbad \u001b[31mred\nworse\u009b2J");
    const { lines } = written(err, { BACKORDER_DEBUG: "1" });
    expect(lines.slice(0, 3)).toEqual(["backorder sync: [CONFIG.X] 2 problem(s) (retry will not help):", "  bad \\x1b[31mred", "  worse\\x9b2J"]);
    expect(lines.every((l) => !/[\u0000-\u001f\u007f-\u009f]/.test(l))).toBe(true);
  });
});
