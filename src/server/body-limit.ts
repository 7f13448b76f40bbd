import express from "express";
import type { ErrorRequestHandler, Request, RequestHandler } from "express";

/**
 * Mounted routers (Shopify webhooks, supplier callbacks) verify an HMAC over the exact bytes, so no
 * JSON parser runs before them. Instead the body is read once as raw bytes, up to the limit; a
 * larger body answers 413 before any handler sees it. Handlers read it with `rawBodyOf(req)`.
 */
export const rawBodyLimit = (maxBodyBytes: number): RequestHandler => {
  const raw = express.raw({ type: () => true, limit: maxBodyBytes });
  return (req, res, next) => {
    // A declared length over the limit is answered at once and the connection closed: the body
    // parser would read (and throw away) the whole declared body before its 413.
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      res.set("Connection", "close").status(413).json({ error: "request body too large" });
      res.on("finish", () => req.destroy());
      return;
    }
    raw(req, res, next);
  };
};

/** The exact request bytes (empty when the request had no body). */
export const rawBodyOf = (req: Request): Buffer => (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));

type HttpishError = { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };

const statusOf = (err: HttpishError): number => {
  const status = typeof err.status === "number" ? err.status : err.statusCode;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
};

export type ErrorLogger = { error: (obj: object, msg: string) => void };

/** Client errors (413, malformed bodies) say what went wrong; server errors say nothing internal. */
export const errorHandler = (logger?: ErrorLogger): ErrorRequestHandler => (err, req, res, _next) => {
  const e = (typeof err === "object" && err !== null ? err : {}) as HttpishError;
  const status = statusOf(e);
  if (status >= 500) logger?.error({ err, method: req.method, path: req.path }, "HTTP request failed");
  if (res.headersSent) {
    res.end();
    return;
  }
  const message = status < 500 && e.expose !== false && typeof e.message === "string" ? e.message : "internal error";
  res.status(status).json({ error: status === 413 ? "request body too large" : message });
};
