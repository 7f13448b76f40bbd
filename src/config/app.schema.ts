import { z } from "zod";
import { AddressSchema as SharedAddressSchema } from "../shared/address.schema.js";

/** Config files are strict: an unknown key in an address is a typo, not extra data. */
const AddressSchema = SharedAddressSchema.extend({ country: z.string().length(2) }).strict();

export const AppConfigSchema = z
  .object({
    /** The buyer printed on purchase orders, and the warehouses goods are shipped to. */
    buyer: z.object({ name: z.string().min(1), id: z.string().optional(), address: AddressSchema.optional() }).strict().default({ name: "Merchant" }),
    warehouses: z.record(z.string(), z.object({ name: z.string(), address: AddressSchema.optional() }).strict()).default({}),
    server: z
      .object({
        host: z.string().default("127.0.0.1"),
        port: z.number().int().min(0).max(65_535).default(8080),
        /** Refuse to serve admin routes without credentials unless this is set for local use. */
        allowUnauthenticatedAdmin: z.boolean().default(false),
        maxBodyBytes: z.number().int().positive().default(1_048_576),
      })
      .strict()
      .default({}),
    queues: z
      .object({
        prefix: z.string().default("bo"),
        concurrency: z.record(z.string(), z.number().int().positive()).default({}),
        attempts: z.number().int().min(1).max(50).default(8),
        backoffMs: z.number().int().positive().default(2_000),
        keepCompleted: z.number().int().min(0).default(1_000),
        keepFailed: z.number().int().min(0).default(5_000),
      })
      .strict()
      .default({}),
    retention: z
      .object({
        /** Days after an order completes before its ship-to address is purged. */
        personalDataDays: z.number().int().min(1).default(30),
      })
      .strict()
      .default({}),
    reconcile: z.object({ cron: z.string().default("*/15 * * * *") }).strict().default({}),
    log: z.object({ level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info") }).strict().default({}),
  })
  .strict();

export type AppConfig = z.infer<typeof AppConfigSchema>;
