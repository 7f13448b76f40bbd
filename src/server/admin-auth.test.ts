import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { createAuthenticator, parseBasicAuth, parseCredentialsSetting } from "./admin-auth.js";
import { csrfVerdict } from "./csrf-guard.js";

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const req = (headers: Record<string, string>, method = "GET"): Request =>
  ({ headers, method }) as unknown as Request;

describe("admin authentication", () => {
  const admin = { user: "ops", password: "correct-horse-battery" };
  const reader = { user: "viewer", password: "read-only-password" };
  const auth = createAuthenticator({ adminCredentials: admin, readOnlyCredentials: reader, allowUnauthenticatedAdmin: false });

  it("tells admin, read-only and strangers apart", () => {
    expect(auth(req({ authorization: basic("ops", "correct-horse-battery") }))).toBe("admin");
    expect(auth(req({ authorization: basic("viewer", "read-only-password") }))).toBe("read-only");
    expect(auth(req({ authorization: basic("ops", "correct-horse-batterx") }))).toBeNull();
    expect(auth(req({ authorization: basic("viewer", "correct-horse-battery") }))).toBeNull();
    expect(auth(req({}))).toBeNull();
    expect(auth(req({ authorization: "Bearer abc" }))).toBeNull();
  });

  it("keeps colons inside passwords and refuses to open up when credentials exist", () => {
    expect(parseBasicAuth(basic("a", "b:c:d"))).toEqual({ user: "a", password: "b:c:d" });
    expect(parseCredentialsSetting("ops:pa:ss")).toEqual({ user: "ops", password: "pa:ss" });
    expect(parseCredentialsSetting(undefined)).toBeNull();
    expect(() => parseCredentialsSetting("nocolon")).toThrow(/user:password/);
    const both = createAuthenticator({ adminCredentials: admin, allowUnauthenticatedAdmin: true });
    expect(both(req({}))).toBeNull();
    const open = createAuthenticator({ adminCredentials: null, allowUnauthenticatedAdmin: true });
    expect(open(req({}))).toBe("admin");
    const closed = createAuthenticator({ adminCredentials: null, allowUnauthenticatedAdmin: false });
    expect(closed(req({ authorization: basic("ops", "x") }))).toBeNull();
  });
});

describe("CSRF verdict for mutating admin calls", () => {
  const none = new Set<string>();
  it("accepts same-origin Origin or Referer, or X-Requested-With without Origin", () => {
    expect(csrfVerdict(req({ host: "127.0.0.1:8080", origin: "http://127.0.0.1:8080" }, "PUT"), none)).toBe("ok");
    expect(csrfVerdict(req({ host: "127.0.0.1:8080", referer: "http://127.0.0.1:8080/admin/queues/" }, "PUT"), none)).toBe("ok");
    expect(csrfVerdict(req({ host: "h", "x-requested-with": "XMLHttpRequest" }, "POST"), none)).toBe("ok");
    expect(csrfVerdict(req({ host: "h" }, "GET"), none)).toBe("ok");
  });
  it("refuses cross-origin requests even with X-Requested-With, and bare mutating requests", () => {
    expect(csrfVerdict(req({ host: "127.0.0.1:8080", origin: "http://evil.example" }, "PUT"), none)).not.toBe("ok");
    expect(csrfVerdict(req({ host: "127.0.0.1:8080", origin: "null", "x-requested-with": "x" }, "PUT"), none)).not.toBe("ok");
    expect(csrfVerdict(req({ host: "127.0.0.1:8080", referer: "http://127.0.0.1:9999/" }, "DELETE"), none)).not.toBe("ok");
    expect(csrfVerdict(req({ host: "127.0.0.1:8080" }, "PATCH"), none)).not.toBe("ok");
    expect(csrfVerdict(req({ host: "internal:8080", origin: "https://ops.example.com" }, "PUT"), new Set(["https://ops.example.com"]))).toBe("ok");
  });
});
