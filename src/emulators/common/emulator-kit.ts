import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { Express } from "express";

/** Deterministic pseudo-random numbers (mulberry32) so seeded emulator runs repeat exactly. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A token bucket on an injectable clock: capacity = burst, refill = rate per second. */
export class Bucket {
  private tokens: number;
  private at: number;
  peakUsed = 0;
  constructor(readonly capacity: number, readonly ratePerSec: number, private readonly now: () => number) {
    this.tokens = capacity;
    this.at = now();
  }
  level(): number {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.at) / 1000) * this.ratePerSec);
    this.at = t;
    return this.tokens;
  }
  take(cost = 1): boolean {
    if (this.level() < cost) return false;
    this.tokens -= cost;
    this.peakUsed = Math.max(this.peakUsed, this.capacity - this.tokens);
    return true;
  }
  refund(points: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + points);
  }
}

export interface Faults {
  /** Share (0–1) of API requests answered 500. */
  errorRate?: number;
  /** Share of requests answered 429 although the bucket had room (bursts of throttling). */
  throttleRate?: number;
  /** Extra latency per request in ms. */
  slowMs?: number;
  /** Share of requests whose 200 body is cut short (malformed JSON). */
  malformedRate?: number;
  seed?: number;
}

export interface EmulatorStats {
  requests: Record<string, number>;
  throttled: Record<string, number>;
  peakBucketUse: Record<string, number>;
  /** Points or tokens actually consumed per operation. */
  spent: Record<string, number>;
  faults: { errors: number; malformed: number; injectedThrottles: number };
  holds: { placed: number; released: number };
  webhooks: { sent: number; failed: number };
}

export const emptyStats = (): EmulatorStats => ({
  requests: {}, throttled: {}, peakBucketUse: {}, spent: {}, faults: { errors: 0, malformed: 0, injectedThrottles: 0 }, holds: { placed: 0, released: 0 }, webhooks: { sent: 0, failed: 0 },
});

export const bump = (rec: Record<string, number>, key: string, by = 1): void => {
  rec[key] = (rec[key] ?? 0) + by;
};

export type FaultDecision = "none" | "error" | "throttle" | "malformed";

export const createFaultPlan = (faults: Faults = {}) => {
  const rnd = seededRandom(faults.seed ?? 1);
  return {
    slowMs: faults.slowMs ?? 0,
    next(): FaultDecision {
      const r = rnd();
      if (r < (faults.errorRate ?? 0)) return "error";
      if (r < (faults.errorRate ?? 0) + (faults.throttleRate ?? 0)) return "throttle";
      if (r < (faults.errorRate ?? 0) + (faults.throttleRate ?? 0) + (faults.malformedRate ?? 0)) return "malformed";
      return "none";
    },
  };
};

export const requestId = (): string => randomUUID();

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 only (port 0 = any free port) and reports the address actually used. */
export const listen = async (app: Express, port: number): Promise<RunningServer> => {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, "127.0.0.1", (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
};

export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
