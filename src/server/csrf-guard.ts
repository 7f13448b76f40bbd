import type { Request, RequestHandler } from "express";
import { isMutating } from "./admin-auth.js";

/**
 * Browsers replay cached Basic credentials on cross-site requests, so a page elsewhere could make an
 * operator's browser press Retry or Clean. Mutating admin calls must therefore prove they come from
 * our own pages. Bull Board's client (axios, no custom headers) sends PUT/PATCH/POST, and browsers
 * attach `Origin` to every non-GET/HEAD request, same-origin included
 * (https://fetch.spec.whatwg.org/#origin-header). Scripts and CLIs without a browser send
 * `X-Requested-With`, which a cross-site page cannot add without a CORS preflight we never grant.
 */
export type CsrfOptions = { allowedOrigins?: readonly string[] };

const hostOf = (value: string): string | null => {
  try {
    return new URL(value).host.toLowerCase();
  } catch {
    return null;
  }
};

const isTrusted = (origin: string, req: Request, allowed: ReadonlySet<string>): boolean => {
  if (allowed.has(origin.toLowerCase().replace(/\/$/, ""))) return true;
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && hostOf(origin) === host;
};

/** Decides for one request; exported for unit tests. */
export const csrfVerdict = (req: Request, allowed: ReadonlySet<string>): "ok" | string => {
  if (!isMutating(req.method)) return "ok";
  const origin = req.headers.origin;
  if (origin !== undefined) {
    return isTrusted(origin, req, allowed) ? "ok" : `cross-origin request refused (Origin ${origin})`;
  }
  const referer = req.headers.referer;
  if (referer !== undefined) {
    return isTrusted(referer, req, allowed) ? "ok" : "cross-origin request refused (Referer)";
  }
  const requestedWith = req.headers["x-requested-with"];
  if (typeof requestedWith === "string" && requestedWith.trim() !== "") return "ok";
  return "mutating admin requests need a same-origin Origin or Referer, or an X-Requested-With header";
};

export const csrfGuard = (options: CsrfOptions = {}): RequestHandler => {
  const allowed = new Set((options.allowedOrigins ?? []).map((o) => o.toLowerCase().replace(/\/$/, "")));
  return (req, res, next) => {
    const verdict = csrfVerdict(req, allowed);
    if (verdict === "ok") {
      next();
      return;
    }
    res.status(403).json({ error: verdict });
  };
};
