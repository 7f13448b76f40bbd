import type { Server } from "node:http";
import express from "express";
import type { Request, Response } from "express";
import { SIGNATURE_HEADER, signBody, verifySupplierSignature } from "../../connectors/suppliers/http/signature.js";

/**
 * A supplier's PO endpoint on 127.0.0.1: verifies our signature, keeps one PO per
 * Idempotency-Key (a repeat answers 409 and is logged as a duplicate attempt), can be told to
 * fail (500, 429, hang) and can POST signed callbacks back to us.
 */
export type FailureMode = "500" | "429" | "422" | "timeout";
const MODES: readonly string[] = ["500", "429", "422", "timeout"];

export interface HttpSupplierPeerOptions {
  port?: number;
  signingSecret?: string;
  /** Fixed latency per accepted request, to measure concurrency. */
  latencyMs?: number;
  /** Failures to serve first, in order (also settable via POST /admin/fail). */
  failures?: FailureMode[];
  retryAfterSeconds?: number;
}

export interface ReceivedPo {
  idempotencyKey: string;
  id: string;
  body: unknown;
  receivedAt: string;
}

export interface HttpSupplierPeer {
  port: number;
  url: string;
  received(): ReceivedPo[];
  duplicateAttempts(): string[];
  maxInFlight(): number;
  failNext(mode: FailureMode, count?: number): void;
  sendCallback(url: string, event: unknown, secret?: string): Promise<number>;
  close(): Promise<void>;
}

export const startHttpSupplierPeer = async (opts: HttpSupplierPeerOptions = {}): Promise<HttpSupplierPeer> => {
  const secret = opts.signingSecret ?? "peer-secret";
  const store = new Map<string, ReceivedPo>();
  const duplicates: string[] = [];
  const failures: FailureMode[] = [...(opts.failures ?? [])];
  let inFlight = 0;
  let maxInFlight = 0;

  const app = express();
  app.use(express.raw({ type: "*/*", limit: "5mb" }));

  const failIfTold = (res: Response): boolean => {
    const mode = failures.shift();
    if (mode === "500") res.status(500).json({ message: "supplier is having a bad day" });
    if (mode === "422") res.status(422).json({ message: "unknown vendor SKU on line 1" });
    if (mode === "429") res.status(429).set("Retry-After", String(opts.retryAfterSeconds ?? 2)).json({ message: "slow down" });
    // "timeout": never answer; close() drops the connection.
    return mode !== undefined;
  };

  app.post("/purchase-orders", async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      verifySupplierSignature(raw, req.get(SIGNATURE_HEADER), secret);
    } catch (err) {
      res.status(401).json({ message: (err as Error).message });
      return;
    }
    const key = req.get("idempotency-key");
    if (!key) {
      res.status(400).json({ message: "Idempotency-Key header is required" });
      return;
    }
    if (failIfTold(res)) return;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      const existing = store.get(key);
      if (existing) {
        duplicates.push(key);
        res.status(409).json({ message: "already have it", id: existing.id });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        res.status(422).json({ message: "body is not JSON" });
        return;
      }
      const rec = { idempotencyKey: key, id: `SUP-${store.size + 1}`, body, receivedAt: new Date().toISOString() };
      store.set(key, rec);
      res.status(201).json({ id: rec.id });
    } finally {
      inFlight--;
    }
  });

  app.post("/admin/fail", (req: Request, res: Response) => {
    const { mode, count } = JSON.parse(Buffer.from(req.body as Buffer).toString("utf8") || "{}") as { mode?: FailureMode; count?: number };
    if (!mode || !MODES.includes(mode)) {
      res.status(400).json({ message: `mode must be one of ${MODES.join(", ")}` });
      return;
    }
    for (let i = 0; i < (count ?? 1); i++) failures.push(mode);
    res.json({ queued: failures.length });
  });
  app.get("/admin/received", (_req: Request, res: Response) => {
    res.json({ received: [...store.values()], duplicateAttempts: duplicates });
  });
  app.post("/admin/callback", async (req: Request, res: Response) => {
    const { url, event } = JSON.parse(Buffer.from(req.body as Buffer).toString("utf8") || "{}") as { url?: string; event?: unknown };
    if (typeof url !== "string") {
      res.status(400).json({ message: "url is required" });
      return;
    }
    res.json({ status: await sendCallback(url, event) });
  });

  const sendCallback = async (url: string, event: unknown, key = secret): Promise<number> => {
    const body = JSON.stringify(event);
    const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signBody(body, key) }, body });
    return r.status;
  };

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(opts.port ?? 0, "127.0.0.1", () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    url: `http://127.0.0.1:${port}/purchase-orders`,
    received: () => [...store.values()],
    duplicateAttempts: () => [...duplicates],
    maxInFlight: () => maxInFlight,
    failNext: (mode, count = 1) => {
      for (let i = 0; i < count; i++) failures.push(mode);
    },
    sendCallback,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
