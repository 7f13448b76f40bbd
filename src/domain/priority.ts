import { orderKey } from "./order.js";
import type { SalesOrder } from "./order.js";

/** What decides who is served first when stock is short. */
export interface ServiceRank {
  order: string;
  placedAt: string;
  priority: number;
}

const instant = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/** Lower priority number first, then older placed-at, then order key (a stable, total tie-break). */
export const compareRank = (a: ServiceRank, b: ServiceRank): number =>
  a.priority - b.priority || instant(a.placedAt) - instant(b.placedAt) || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0);

export const rankOf = (order: SalesOrder, channelPriority = 0): ServiceRank => ({
  order: orderKey(order),
  placedAt: order.placedAt,
  priority: order.priority ?? channelPriority,
});

/** Orders in service order; `channelPriority` supplies the default when an order sets none. */
export const sortForService = <T extends SalesOrder>(orders: readonly T[], channelPriority: (channel: string) => number = () => 0): T[] =>
  [...orders].sort((a, b) => compareRank(rankOf(a, channelPriority(a.channel)), rankOf(b, channelPriority(b.channel))));
