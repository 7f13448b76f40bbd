import { createHmac, randomUUID } from "node:crypto";
import type { EmulatorStats } from "../common/emulator-kit.js";
import { delay } from "../common/emulator-kit.js";

/**
 * Sends order webhooks the way Shopify does (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries):
 * POST of the REST order JSON, signed with base64 HMAC-SHA256 of the raw body, with the delivery id
 * that stays the same on redelivery. Duplicates and delays (which reorder deliveries) are configurable.
 */
export interface WebhookConfig {
  url: string;
  secret: string;
  shopDomain?: string;
  apiVersion?: string;
  /** Share (0–1) of deliveries sent twice with the same X-Shopify-Webhook-Id. */
  duplicateRate?: number;
  /** Max random delay per delivery in ms: deliveries overtake one another. */
  maxDelayMs?: number;
}

export const signShopifyBody = (body: string, secret: string): string => createHmac("sha256", secret).update(body, "utf8").digest("base64");

export const createWebhookSender = (cfg: WebhookConfig | undefined, stats: EmulatorStats, rnd: () => number) => {
  const pending = new Set<Promise<void>>();
  const post = async (topic: string, body: string, id: string): Promise<void> => {
    if (!cfg) return;
    await delay(Math.floor(rnd() * (cfg.maxDelayMs ?? 0)));
    try {
      const res = await fetch(cfg.url, {
        method: "POST", body, signal: AbortSignal.timeout(5000),
        headers: { "content-type": "application/json", "x-shopify-topic": topic, "x-shopify-hmac-sha256": signShopifyBody(body, cfg.secret),
          "x-shopify-shop-domain": cfg.shopDomain ?? "emulator.myshopify.com", "x-shopify-api-version": cfg.apiVersion ?? "2025-10",
          "x-shopify-webhook-id": id, "x-shopify-event-id": id, "x-shopify-triggered-at": new Date().toISOString() },
      });
      if (res.ok) stats.webhooks.sent++;
      else stats.webhooks.failed++;
    } catch {
      stats.webhooks.failed++;
    }
  };
  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  return {
    send(topic: string, payload: unknown): void {
      const body = JSON.stringify(payload);
      const id = randomUUID();
      track(post(topic, body, id));
      if (rnd() < (cfg?.duplicateRate ?? 0)) track(post(topic, body, id));
    },
    /** Resolves when every delivery started so far has finished. */
    async drain(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
};
