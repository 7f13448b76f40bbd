import { z } from "zod";

/**
 * Amazon SP-API wire shapes: Orders API v2026-01-01 (items embedded) and v0 (getOrders +
 * getOrderItems), from amzn/selling-partner-api-models `orders_2026-01-01.json` and `ordersV0.json`
 * (https://developer-docs.amazon.com/sp-api/docs/orders-api-migration-guide). Amounts are strings.
 */
const Amount = z.union([z.string(), z.number()]);
const Qty = z.number().int().nonnegative();

const Money2026 = z.object({ amount: Amount, currencyCode: z.string() });

export const Order2026Schema = z
  .object({
    orderId: z.string().min(1),
    createdTime: z.string(),
    lastUpdatedTime: z.string(),
    salesChannel: z.object({ marketplaceId: z.string().optional(), channelName: z.string().optional() }).passthrough().optional(),
    fulfillment: z
      .object({
        fulfillmentStatus: z.enum(["PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED", "UNFULFILLABLE"]),
        fulfilledBy: z.enum(["MERCHANT", "AMAZON"]),
      })
      .passthrough(),
    recipient: z
      .object({
        deliveryAddress: z
          .object({ name: z.string().nullish(), addressLine1: z.string().nullish(), addressLine2: z.string().nullish(), city: z.string().nullish(),
            stateOrRegion: z.string().nullish(), postalCode: z.string().nullish(), countryCode: z.string().nullish(), phone: z.string().nullish() })
          .passthrough()
          .nullish(),
      })
      .passthrough()
      .nullish(),
    proceeds: z.object({ grandTotal: Money2026.optional() }).passthrough().nullish(),
    orderItems: z.array(
      z
        .object({
          orderItemId: z.string().min(1),
          quantityOrdered: Qty,
          product: z.object({ asin: z.string().optional(), title: z.string().optional(), sellerSku: z.string().nullish(),
            price: z.object({ unitPrice: Money2026.optional() }).passthrough().nullish() }).passthrough(),
          fulfillment: z.object({ quantityFulfilled: Qty.optional(), quantityUnfulfilled: Qty.optional() }).passthrough().nullish(),
          cancellation: z.object({ quantityCancelled: Qty.optional() }).passthrough().nullish(),
        })
        .passthrough(),
    ),
  })
  .passthrough();
export type Order2026 = z.infer<typeof Order2026Schema>;

export const SearchOrdersResponseSchema = z.object({
  orders: z.array(z.unknown()),
  pagination: z.object({ nextToken: z.string().optional() }).optional(),
  lastUpdatedBefore: z.string().optional(),
});

const MoneyV0 = z.object({ CurrencyCode: z.string(), Amount: Amount });

export const OrderV0Schema = z
  .object({
    AmazonOrderId: z.string().min(1),
    PurchaseDate: z.string(),
    LastUpdateDate: z.string(),
    OrderStatus: z.enum(["PendingAvailability", "Pending", "Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed", "Canceled", "Unfulfillable"]),
    FulfillmentChannel: z.enum(["MFN", "AFN"]).optional(),
    OrderTotal: MoneyV0.optional(),
    MarketplaceId: z.string().optional(),
    ShippingAddress: z
      .object({ Name: z.string().nullish(), AddressLine1: z.string().nullish(), AddressLine2: z.string().nullish(), City: z.string().nullish(),
        StateOrRegion: z.string().nullish(), PostalCode: z.string().nullish(), CountryCode: z.string().nullish(), Phone: z.string().nullish() })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type OrderV0 = z.infer<typeof OrderV0Schema>;

export const OrderItemV0Schema = z
  .object({
    ASIN: z.string(),
    OrderItemId: z.string().min(1),
    SellerSKU: z.string().nullish(),
    Title: z.string().optional(),
    QuantityOrdered: Qty,
    QuantityShipped: Qty.optional(),
    ItemPrice: MoneyV0.optional(),
  })
  .passthrough();
export type OrderItemV0 = z.infer<typeof OrderItemV0Schema>;

export const GetOrdersV0ResponseSchema = z.object({
  payload: z.object({ Orders: z.array(z.unknown()), NextToken: z.string().optional() }),
});
export const GetOrderItemsV0ResponseSchema = z.object({
  payload: z.object({ AmazonOrderId: z.string(), OrderItems: z.array(z.unknown()), NextToken: z.string().optional() }),
});

export const LwaTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
});

export const SpApiErrorBodySchema = z.object({
  errors: z.array(z.object({ code: z.string(), message: z.string(), details: z.string().optional() })),
});
