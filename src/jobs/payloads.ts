import { z } from "zod";

/** Job payloads carry ids, never documents: handlers re-read current state. */
const Iso = z.string().datetime({ offset: true });

export const IngestPayloadSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("poll"), channel: z.string().min(1), since: Iso.optional() }).strict(),
  z.object({ kind: z.literal("fetch"), channel: z.string().min(1), externalId: z.string().min(1) }).strict(),
]);

export const EvaluatePayloadSchema = z
  .object({ channel: z.string().min(1), externalId: z.string().min(1), version: z.number().int().nonnegative() })
  .strict();

export const BatchPayloadSchema = z
  .object({ vendor: z.string().min(1), windowStart: Iso.optional(), trigger: z.enum(["schedule", "catch-up", "manual"]).default("schedule") })
  .strict();

export const PushPayloadSchema = z.object({ poNumber: z.string().min(1) }).strict();

export const InboundPayloadSchema = z.object({ eventId: z.string().min(1) }).strict();

export const ChannelSyncPayloadSchema = z
  .object({ channel: z.string().min(1), externalId: z.string().min(1), hold: z.boolean(), holdSeq: z.number().int().nonnegative() })
  .strict();

export const MaintenancePayloadSchema = z
  .object({ task: z.enum(["reconcile", "purge-personal-data", "sftp-poll"]), vendor: z.string().optional() })
  .strict();

export type IngestPayload = z.infer<typeof IngestPayloadSchema>;
export type EvaluatePayload = z.infer<typeof EvaluatePayloadSchema>;
export type BatchPayload = z.infer<typeof BatchPayloadSchema>;
export type PushPayload = z.infer<typeof PushPayloadSchema>;
export type InboundPayload = z.infer<typeof InboundPayloadSchema>;
export type ChannelSyncPayload = z.infer<typeof ChannelSyncPayloadSchema>;
export type MaintenancePayload = z.infer<typeof MaintenancePayloadSchema>;
