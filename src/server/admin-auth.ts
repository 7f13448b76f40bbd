import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";

export type Credentials = { user: string; password: string };
export type AdminRole = "admin" | "read-only";

export type AdminAuthOptions = {
  adminCredentials: Credentials | null;
  readOnlyCredentials?: Credentials | null;
  allowUnauthenticatedAdmin: boolean;
};

export const ADMIN_REALM = "backorder-worker admin";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const isMutating = (method: string): boolean => !SAFE_METHODS.has(method.toUpperCase());

/** Admin routes exist only when someone chose how to protect them: never open by default. */
export const adminRoutesEnabled = (o: AdminAuthOptions): boolean =>
  o.adminCredentials !== null || (o.readOnlyCredentials ?? null) !== null || o.allowUnauthenticatedAdmin;

/** Parses `Authorization: Basic base64(user:password)` (RFC 7617); the password may contain ':'. */
export const parseBasicAuth = (header: string | undefined): Credentials | null => {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
};

/**
 * Compares HMACs under a per-process random key: digests have equal length whatever was typed, so
 * timingSafeEqual leaks neither the secret's length nor where the first difference is.
 */
const createMatcher = (expected: Credentials) => {
  const key = randomBytes(32);
  const digest = (c: Credentials): Buffer =>
    createHmac("sha256", key).update(c.user).update("\u0000").update(c.password).digest();
  const want = digest(expected);
  return (given: Credentials): boolean => timingSafeEqual(digest(given), want);
};

/** Returns who the request is, or null when it must be refused with 401. */
export const createAuthenticator = (o: AdminAuthOptions): ((req: Request) => AdminRole | null) => {
  const readOnly = o.readOnlyCredentials ?? null;
  if (o.adminCredentials === null && readOnly === null) {
    return () => (o.allowUnauthenticatedAdmin ? "admin" : null);
  }
  const isAdmin = o.adminCredentials ? createMatcher(o.adminCredentials) : () => false;
  const isReader = readOnly ? createMatcher(readOnly) : () => false;
  return (req) => {
    const given = parseBasicAuth(req.headers.authorization);
    if (!given) return null;
    // Evaluate both so the time taken does not reveal which role a guess was close to.
    const admin = isAdmin(given);
    const reader = isReader(given);
    if (admin) return "admin";
    return reader ? "read-only" : null;
  };
};

/** 401 with a Basic challenge, 403 for a read-only operator attempting a change. */
export const adminAuth = (o: AdminAuthOptions): RequestHandler => {
  const authenticate = createAuthenticator(o);
  return (req, res, next) => {
    const role = authenticate(req);
    if (role === null) {
      res.setHeader("WWW-Authenticate", `Basic realm="${ADMIN_REALM}", charset="UTF-8"`);
      res.status(401).json({ error: "authentication required" });
      return;
    }
    if (role === "read-only" && isMutating(req.method)) {
      res.status(403).json({ error: "read-only operators cannot change queues or jobs" });
      return;
    }
    res.locals.adminRole = role;
    next();
  };
};

/** Message for the 503 answered when admin routes are not mounted. */
export const ADMIN_DISABLED_MESSAGE =
  "Admin routes are disabled: set BACKORDER_ADMIN_CREDENTIALS=user:password " +
  "(or server.allowUnauthenticatedAdmin: true, for local use only).";

/** `BACKORDER_ADMIN_CREDENTIALS` ("user:password", split at the first ':') → credentials, or null when unset. */
export const parseCredentialsSetting = (value: string | undefined): Credentials | null => {
  if (value === undefined || value === "") return null;
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) {
    throw new Error("admin credentials must look like user:password");
  }
  return { user: value.slice(0, colon), password: value.slice(colon + 1) };
};
