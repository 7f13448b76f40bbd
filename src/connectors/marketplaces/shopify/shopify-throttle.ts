import type { ThrottleStatus } from "./shopify.schemas.js";

/**
 * Paces GraphQL calls by the bucket Shopify reports in `extensions.cost.throttleStatus`
 * (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): before a query we estimate the
 * points restored since the last answer and wait until the query fits while leaving the share of the
 * bucket that belongs to other apps (1 − budgetShare) untouched.
 */
export class ShopifyThrottle {
  private last: { status: ThrottleStatus; at: number } | null = null;
  constructor(private readonly share: number, private readonly now: () => number = () => performance.now()) {}

  observe(status: ThrottleStatus): void {
    this.last = { status, at: this.now() };
  }

  /** Milliseconds to wait before spending `cost` points; 0 when it fits now. */
  waitFor(cost: number): number {
    if (!this.last) return 0;
    const { status, at } = this.last;
    // A query bigger than the bucket minus the reserve may still run once the bucket is full.
    const reserve = Math.max(0, Math.min((1 - this.share) * status.maximumAvailable, status.maximumAvailable - cost));
    const available = Math.min(status.maximumAvailable, status.currentlyAvailable + ((this.now() - at) / 1000) * status.restoreRate);
    const missing = cost + reserve - available;
    return missing <= 0 ? 0 : Math.ceil((missing / status.restoreRate) * 1000);
  }

  /** After a THROTTLED answer: the time until `cost` points are back. */
  afterThrottle(cost: number, status: ThrottleStatus): number {
    this.observe(status);
    return Math.max(50, Math.ceil(((cost - status.currentlyAvailable) / status.restoreRate) * 1000));
  }
}
