import type { RequestHandler } from "express";

/**
 * Headers on every response. No CORS headers are ever set: the board and the API are same-origin
 * only (field report C30: a board served with `Access-Control-Allow-Origin: *`).
 */
export const securityHeaders = (): RequestHandler => (_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  // Same-origin keeps the Referer that the CSRF guard may rely on, and leaks no admin URLs elsewhere.
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  next();
};

/**
 * The admin pages: nothing loaded from elsewhere (the board's template links a web font on
 * fonts.googleapis.com; the CSP blocks it and the system font is used), never framed, never cached.
 * Bull Board's UI uses inline style attributes, hence 'unsafe-inline' for styles only.
 */
const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const adminHeaders = (): RequestHandler => (_req, res, next) => {
  res.setHeader("Content-Security-Policy", ADMIN_CSP);
  res.setHeader("Cache-Control", "no-store");
  next();
};
