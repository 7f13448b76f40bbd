import { createHmac, timingSafeEqual } from "node:crypto";
import express, { Router } from "express";
import type { Request, Response } from "express";
import type { WebhookReceiptRepository } from "../persistence/orders/webhook-receipt.repository.js";

/**
 * Shopify webhook intake (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries): keep the raw
 * body, check base64 HMAC-SHA256 of it in constant time before parsing, de-duplicate by
 * X-Shopify-Webhook-Id (same on redelivery), hand the event on and answer 200 well inside Shopify's 5 s.
 * If handing on fails we answer 503 and give the receipt back, so Shopify's redelivery gets processed.
 */
export interface ShopifyWebhookEvent {
  channel: string;
  topic: string;
  webhookId: string;
  eventId: string | undefined;
  triggeredAt: string | undefined;
  shopDomain: string | undefined;
  payload: unknown;
}

export interface ShopifyWebhookRouterOptions {
  /** The app secret(s) for a channel; two during a rotation (Shopify signs with the old one for up to an hour). Undefined: unknown channel. */
  secretFor(channel: string): string | string[] | undefined;
  onEvent(event: ShopifyWebhookEvent): Promise<void>;
  receipts: WebhookReceiptRepository;
  /** Largest body accepted; order payloads are a few hundred KB at most. */
  maxBodyBytes?: number;
}

export const verifyShopifyHmac = (raw: Buffer, header: string | undefined, secrets: string[]): boolean => {
  if (!header) return false;
  const given = Buffer.from(header, "base64");
  return secrets.some((s) => {
    const expected = createHmac("sha256", s).update(raw).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
};

export const createShopifyWebhookRouter = (opts: ShopifyWebhookRouterOptions): Router => {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: opts.maxBodyBytes ?? 2 * 1024 * 1024 });
  router.post("/webhooks/shopify/:channel", raw, async (req: Request, res: Response) => {
    const channel = String(req.params["channel"]);
    const secret = opts.secretFor(channel);
    if (secret === undefined) return res.status(404).json({ error: "unknown channel" });
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyShopifyHmac(body, req.get("x-shopify-hmac-sha256"), Array.isArray(secret) ? secret : [secret])) return res.status(401).json({ error: "invalid signature" });
    const webhookId = req.get("x-shopify-webhook-id");
    const topic = req.get("x-shopify-topic");
    if (!webhookId || !topic) return res.status(400).json({ error: "missing X-Shopify-Webhook-Id or X-Shopify-Topic" });
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString("utf8"));
    } catch {
      return res.status(400).json({ error: "body is not JSON" });
    }
    const event = { channel, topic, webhookId, eventId: req.get("x-shopify-event-id"), triggeredAt: req.get("x-shopify-triggered-at"), shopDomain: req.get("x-shopify-shop-domain"), payload };
    if ((await opts.receipts.claim(event)) === "duplicate") return res.status(200).json({ duplicate: true });
    try {
      await opts.onEvent(event);
    } catch {
      await opts.receipts.release(webhookId);
      return res.status(503).json({ error: "could not accept the event now; redeliver" });
    }
    await opts.receipts.markHandled(webhookId);
    return res.status(200).json({ ok: true });
  });
  return router;
};
