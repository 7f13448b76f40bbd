import type { AxiosInstance } from "axios";
import { PermanentError } from "../../../shared/errors.js";
import { classifyResponse, classifyTransportError } from "../../http/classify-http-error.js";
import { LwaTokenResponseSchema } from "./amazon.schemas.js";

/**
 * Login with Amazon access tokens (https://developer.amazon.com/docs/login-with-amazon/access-token.html):
 * refresh_token grant, token valid `expires_in` seconds (3600). Cached until a minute before expiry;
 * `invalidate()` after a 403 forces one fresh token. Secrets never leave this closure.
 */
const EARLY_REFRESH_MS = 60_000;
const CLASSIFY = { area: "AMAZON_LWA", requestIdHeader: "x-amzn-requestid" };

export interface LwaTokenSource {
  get(): Promise<string>;
  invalidate(): void;
  readonly refreshes: number;
}

export const createLwaTokenSource = (http: AxiosInstance, url: string, creds: { clientId: string; clientSecret: string; refreshToken: string }, now: () => number = Date.now): LwaTokenSource => {
  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  let refreshes = 0;
  const refresh = async (): Promise<string> => {
    const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: creds.refreshToken, client_id: creds.clientId, client_secret: creds.clientSecret });
    const res = await http.post(url, form.toString(), { headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8" } }).catch((e: unknown) => { throw classifyTransportError(e, CLASSIFY); });
    if (res.status === 400) throw new PermanentError("AMAZON_LWA.INVALID_GRANT", "LWA refused the refresh token (invalid_grant): re-authorise the app");
    const err = classifyResponse(res, CLASSIFY);
    if (err) throw err;
    const body = LwaTokenResponseSchema.parse(res.data);
    refreshes++;
    cached = { token: body.access_token, expiresAt: now() + body.expires_in * 1000 - EARLY_REFRESH_MS };
    return body.access_token;
  };
  return {
    get() {
      if (cached && cached.expiresAt > now()) return Promise.resolve(cached.token);
      // Concurrent callers share one refresh instead of each asking LWA.
      inflight ??= refresh().finally(() => { inflight = null; });
      return inflight;
    },
    invalidate() {
      cached = null;
    },
    get refreshes() {
      return refreshes;
    },
  };
};
