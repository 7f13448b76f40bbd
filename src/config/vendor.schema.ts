import { z } from "zod";
import { CronSchema, CurrencySchema, EnvVarNameSchema, HttpUrlSchema, IdSchema, TimeZoneSchema } from "./common.schema.js";

const HttpTransportSchema = z
  .object({
    kind: z.literal("http"),
    url: HttpUrlSchema,
    /** HMAC-SHA256 key used to sign the body (header X-Backorder-Signature). */
    signingSecretEnv: EnvVarNameSchema,
    timeoutMs: z.number().int().positive().default(10_000),
    maxConcurrent: z.number().int().positive().default(2),
  })
  .strict();

const EmailTransportSchema = z
  .object({
    kind: z.literal("email"),
    to: z.string().email(),
    from: z.string().email(),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535),
    /** smtps from the first byte; otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    requireTls: z.boolean().default(false),
    userEnv: EnvVarNameSchema.optional(),
    passwordEnv: EnvVarNameSchema.optional(),
    attachCsv: z.boolean().default(true),
    /** Accept a self-signed certificate (local test peers only). */
    allowSelfSigned: z.boolean().default(false),
  })
  .strict();

const SftpTransportSchema = z
  .object({
    kind: z.literal("sftp"),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(22),
    username: z.string().min(1),
    passwordEnv: EnvVarNameSchema.optional(),
    privateKeyEnv: EnvVarNameSchema.optional(),
    inboundDir: z.string().default("/inbound"),
    outboundDir: z.string().default("/outbound"),
    alsoCsv: z.boolean().default(false),
    /** X12 interchange ids (ISA06/ISA08) and qualifiers. */
    senderId: z.string().min(1).max(15),
    receiverId: z.string().min(1).max(15),
    qualifier: z.string().length(2).default("ZZ"),
    /** ISA15: P production, T test. */
    usage: z.enum(["P", "T"]).default("P"),
    /** base64 SHA-256 of the server's host key; when set, any other key is refused. */
    hostKeySha256: z.string().optional(),
    pollCron: CronSchema.default("*/10 * * * *"),
  })
  .strict();

export const TransportSchema = z.discriminatedUnion("kind", [HttpTransportSchema, EmailTransportSchema, SftpTransportSchema]);

export const VendorConfigSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1),
    enabled: z.boolean().default(true),
    currency: CurrencySchema,
    transport: TransportSchema,
    schedule: z
      .object({
        /** Cut-off times: each firing closes a batch window and raises the POs. */
        cron: CronSchema,
        timeZone: TimeZoneSchema.default("UTC"),
      })
      .strict(),
    /** Minimum order value per PO in minor units of `currency`; 0 = none. */
    minOrderValue: z.number().int().min(0).default(0),
    maxLinesPerPo: z.number().int().positive().optional(),
    dropship: z.boolean().default(false),
    contact: z.object({ name: z.string().optional(), email: z.string().email().optional() }).strict().default({}),
    /** Where warehouse POs are shipped to. */
    shipToLocation: IdSchema.default("main"),
  })
  .strict();

export type VendorConfig = z.infer<typeof VendorConfigSchema>;
export type TransportConfig = z.infer<typeof TransportSchema>;
