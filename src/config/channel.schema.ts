import { z } from "zod";
import { CronSchema, EnvVarNameSchema, HttpUrlSchema, IdSchema, TimeZoneSchema } from "./common.schema.js";

const BackorderPolicySchema = z
  .object({
    /** partial: ship what exists and backorder the rest; complete: hold the whole order. */
    mode: z.enum(["partial", "complete"]).default("partial"),
    /** Days the channel promises; vendors slower than this are only used when nothing else exists. */
    promiseDays: z.number().int().positive().default(14),
    /** Lower is served first when stock is short. */
    priority: z.number().int().default(0),
  })
  .strict();

const common = {
  id: IdSchema,
  enabled: z.boolean().default(true),
  poll: z
    .object({
      cron: CronSchema.default("*/5 * * * *"),
      timeZone: TimeZoneSchema.default("UTC"),
      pageSize: z.number().int().min(1).max(250).default(100),
      /** Re-read this many seconds before the stored watermark to catch late-committed updates. */
      overlapSeconds: z.number().int().min(0).max(86_400).default(300),
    })
    .strict()
    .default({}),
  /** Share of the API's documented budget this service may use (the rest is for other apps). */
  budgetShare: z.number().gt(0).max(1).default(0.8),
  /** Where this channel's orders are fulfilled from, in order of preference. */
  locations: z.array(IdSchema).min(1).default(["main"]),
  backorder: BackorderPolicySchema.default({}),
  /** SKU rewrites applied before matching the catalogue, e.g. strip a channel suffix. */
  skuMap: z.record(z.string(), z.string()).default({}),
};

export const ShopifyChannelSchema = z
  .object({
    kind: z.literal("shopify"),
    ...common,
    shopDomain: z.string().min(1),
    /** Base URL; the real service is https://{shop}.myshopify.com. The emulator replaces it locally. */
    baseUrl: HttpUrlSchema,
    apiVersion: z.string().regex(/^\d{4}-\d{2}$/, "a Shopify API version such as '2025-10'").default("2025-10"),
    accessTokenEnv: EnvVarNameSchema,
    webhookSecretEnv: EnvVarNameSchema,
    /** Shopify order statuses to take (GraphQL search `status:`). */
    statuses: z.array(z.enum(["open", "closed", "cancelled", "any"])).default(["any"]),
    /** Shopify Plus: 2000-point bucket restoring 100/s; standard: 1000 restoring 50/s. */
    plan: z.enum(["standard", "advanced", "plus"]).default("standard"),
  })
  .strict();

export const AmazonChannelSchema = z
  .object({
    kind: z.literal("amazon"),
    ...common,
    endpoint: HttpUrlSchema,
    lwaEndpoint: HttpUrlSchema,
    marketplaceIds: z.array(z.string().min(1)).min(1),
    ordersApi: z.enum(["v2026-01-01", "v0"]).default("v2026-01-01"),
    clientIdEnv: EnvVarNameSchema,
    clientSecretEnv: EnvVarNameSchema,
    refreshTokenEnv: EnvVarNameSchema,
    /** Amazon order statuses to take; Pending waits until it becomes Unshipped. */
    statuses: z
      .array(z.enum(["Pending", "Unshipped", "PartiallyShipped", "Shipped", "Canceled", "Unfulfillable"]))
      .default(["Unshipped", "PartiallyShipped", "Shipped", "Canceled"]),
  })
  .strict();

export const ChannelConfigSchema = z.discriminatedUnion("kind", [ShopifyChannelSchema, AmazonChannelSchema]);
export type ChannelConfig = z.infer<typeof ChannelConfigSchema>;
export type ShopifyChannelConfig = z.infer<typeof ShopifyChannelSchema>;
export type AmazonChannelConfig = z.infer<typeof AmazonChannelSchema>;
