import { z } from "zod";

/**
 * Shopify wire shapes. REST order JSON is what webhooks deliver
 * (https://shopify.dev/docs/apps/build/webhooks/delivery-structure); the GraphQL order node is what
 * the connector queries (https://shopify.dev/docs/api/admin-graphql). Money arrives as strings, but
 * older API versions sent numbers (C07), so both are accepted and parsed as decimals later.
 * Quantities must be integers: a string quantity is a schema break, not something to guess at.
 */
const Id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
const MoneyText = z.union([z.string(), z.number()]);
const Qty = z.number().int().nonnegative();

export const RestMoneySetSchema = z.object({
  shop_money: z.object({ amount: MoneyText, currency_code: z.string() }),
  presentment_money: z.object({ amount: MoneyText, currency_code: z.string() }).optional(),
});

export const RestAddressSchema = z
  .object({
    name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    company: z.string().nullish(),
    address1: z.string().nullish(),
    address2: z.string().nullish(),
    city: z.string().nullish(),
    province_code: z.string().nullish(),
    zip: z.string().nullish(),
    country_code: z.string().nullish(),
    phone: z.string().nullish(),
  })
  .passthrough();

export const RestLineItemSchema = z
  .object({
    id: Id,
    variant_id: Id.nullish(),
    product_id: Id.nullish(),
    product_exists: z.boolean().optional(),
    sku: z.string().nullish(),
    title: z.string(),
    name: z.string().optional(),
    quantity: Qty,
    current_quantity: Qty.optional(),
    fulfillable_quantity: Qty.optional(),
    fulfillment_status: z.string().nullish(),
    requires_shipping: z.boolean().optional(),
    gift_card: z.boolean().optional(),
    price: MoneyText,
    price_set: RestMoneySetSchema.optional(),
  })
  .passthrough();

export const RestOrderSchema = z
  .object({
    id: Id,
    name: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    cancelled_at: z.string().nullish(),
    closed_at: z.string().nullish(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    presentment_currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    total_price: MoneyText.optional(),
    total_price_set: RestMoneySetSchema.optional(),
    shipping_address: RestAddressSchema.nullish(),
    line_items: z.array(RestLineItemSchema),
  })
  .passthrough();
export type RestOrder = z.infer<typeof RestOrderSchema>;

const GqlMoneySchema = z.object({ amount: MoneyText, currencyCode: z.string() });
const GqlMoneyBagSchema = z.object({ shopMoney: GqlMoneySchema, presentmentMoney: GqlMoneySchema.optional() });

export const GqlLineItemSchema = z.object({
  id: z.string(),
  sku: z.string().nullish(),
  name: z.string(),
  quantity: Qty,
  currentQuantity: Qty,
  unfulfilledQuantity: Qty,
  requiresShipping: z.boolean(),
  isGiftCard: z.boolean(),
  variant: z.object({ id: z.string() }).nullish(),
  originalUnitPriceSet: GqlMoneyBagSchema.nullish(),
});

export const GqlAddressSchema = z.object({
  name: z.string().nullish(),
  company: z.string().nullish(),
  address1: z.string().nullish(),
  address2: z.string().nullish(),
  city: z.string().nullish(),
  provinceCode: z.string().nullish(),
  zip: z.string().nullish(),
  countryCodeV2: z.string().nullish(),
  phone: z.string().nullish(),
});

export const GqlOrderNodeSchema = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullish(),
  closedAt: z.string().nullish(),
  currencyCode: z.string().regex(/^[A-Z]{3}$/),
  presentmentCurrencyCode: z.string().optional(),
  totalPriceSet: GqlMoneyBagSchema.nullish(),
  shippingAddress: GqlAddressSchema.nullish(),
  lineItems: z.object({ nodes: z.array(GqlLineItemSchema), pageInfo: z.object({ hasNextPage: z.boolean() }) }),
});
export type GqlOrderNode = z.infer<typeof GqlOrderNodeSchema>;

export const ThrottleStatusSchema = z.object({
  maximumAvailable: z.number(),
  currentlyAvailable: z.number(),
  restoreRate: z.number(),
});
export type ThrottleStatus = z.infer<typeof ThrottleStatusSchema>;

const CostSchema = z.object({
  requestedQueryCost: z.number(),
  actualQueryCost: z.number().nullable(),
  throttleStatus: ThrottleStatusSchema,
});

/** The envelope every GraphQL answer has; nodes stay unknown so one bad order cannot sink a page. */
export const GqlOrdersResponseSchema = z.object({
  data: z
    .object({
      orders: z.object({
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
        nodes: z.array(z.unknown()),
      }),
    })
    .nullish(),
  errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).passthrough().optional() })).optional(),
  extensions: z.object({ cost: CostSchema }).optional(),
});
export type GqlOrdersResponse = z.infer<typeof GqlOrdersResponseSchema>;
