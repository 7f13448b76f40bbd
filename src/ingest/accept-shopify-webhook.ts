import type { SalesOrder } from "../domain/order.js";
import { mapShopifyRestOrder } from "../connectors/marketplaces/shopify/shopify.mapper.js";
import type { QuarantineRepository } from "../persistence/orders/quarantine.repository.js";
import type { ShopifyWebhookEvent } from "./shopify-webhook.router.js";

export interface WebhookIntake {
  store: (order: SalesOrder) => Promise<unknown>;
  fetchLater: (channel: string, externalId: string) => Promise<void>;
  quarantine: Pick<QuarantineRepository, "add">;
}

/**
 * Makes a verified webhook durable before Shopify is answered: the order is stored (its address
 * encrypted by the order repository) and only its id goes on to the queues, so no customer
 * address ever sits in Redis. `orders/edited` carries an edit, not the order: the order is fetched.
 * A payload that does not map is quarantined with the reason. Anything thrown makes the router
 * answer 503, and Shopify delivers again.
 */
export const acceptShopifyWebhook = async (intake: WebhookIntake, e: ShopifyWebhookEvent): Promise<"stored" | "fetch" | "quarantined"> => {
  if (e.topic === "orders/edited") {
    const id = (e.payload as { order_edit?: { order_id?: unknown } } | null)?.order_edit?.order_id;
    if (typeof id === "number" || typeof id === "string") {
      await intake.fetchLater(e.channel, String(id));
      return "fetch";
    }
  }
  const mapped = mapShopifyRestOrder(e.payload, e.channel);
  if (mapped.ok === true) {
    await intake.store(mapped.order);
    return "stored";
  }
  const reason = mapped.ok === false ? mapped.rejection.reason : mapped.deferral.reason;
  const ref = mapped.ok === false ? mapped.rejection.ref : mapped.deferral.ref;
  await intake.quarantine.add({ channel: e.channel, source: `webhook ${e.topic}`, ref, reason, payload: e.payload });
  return "quarantined";
};
