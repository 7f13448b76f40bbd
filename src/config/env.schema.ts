import { z } from "zod";

/** Process environment: connection strings and the few settings that are not per channel. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, "a mongodb:// or mongodb+srv:// URI").default("mongodb://127.0.0.1:27017/"),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default("backorder"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "a redis:// or rediss:// URL").default("redis://127.0.0.1:6379"),
  BACKORDER_CONFIG_DIR: z.string().default("config"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  /** Basic-auth credentials for Bull Board and admin routes: "user:password". */
  BACKORDER_ADMIN_CREDENTIALS: z.string().regex(/^[^:]+:.{12,}$/, "user:password with a password of 12+ characters").optional(),
  /** 32-byte key, base64, for customer addresses at rest. */
  BACKORDER_ADDRESS_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "32 bytes, base64-encoded (openssl rand -base64 32)")
    .optional(),
});
export type Env = z.infer<typeof EnvSchema>;
