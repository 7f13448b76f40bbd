import axios from "axios";
import type { AxiosInstance } from "axios";

/**
 * The one way connectors build HTTP clients: a timeout always, no retries (BullMQ owns them),
 * and every status returned as a response so the connector's classifier alone decides what it means.
 */
export const createHttpClient = (opts: { baseURL: string; timeoutMs?: number; headers?: Record<string, string> }): AxiosInstance =>
  axios.create({
    baseURL: opts.baseURL,
    timeout: opts.timeoutMs ?? 30_000,
    headers: { "user-agent": "backorder-worker/0.1", ...opts.headers },
    validateStatus: () => true,
    maxRedirects: 0,
  });
