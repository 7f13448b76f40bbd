import { destination, pino, type DestinationStream, type Logger } from "pino";

/**
 * Paths pino blanks out wherever they appear: tokens, credentials, and the personal data in a
 * customer's ship-to. Log lines carry ids, never addresses.
 */
export const REDACT_PATHS = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "*.headers[\"x-shopify-access-token\"]",
  "*.headers[\"x-amz-access-token\"]",
  "password",
  "*.password",
  "secret",
  "*.secret",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "access_token",
  "*.access_token",
  "refresh_token",
  "*.refresh_token",
  "client_secret",
  "*.client_secret",
  "shipTo",
  "*.shipTo",
  "address",
  "*.address",
  "shipping_address",
  "*.shipping_address",
  "ShippingAddress",
  "*.ShippingAddress",
  "email",
  "*.email",
  "phone",
  "*.phone",
];

export interface LoggerOptions {
  level?: string;
  /** Values (secrets read from the environment) that must never appear in any line. */
  secrets?: string[];
  destination?: DestinationStream;
}

/** Last line of defence: a secret that slips into a message string is masked before writing. */
const maskingStream = (target: DestinationStream, secrets: string[]): DestinationStream => {
  const needles = secrets.filter((s) => s.length >= 6);
  if (needles.length === 0) return target;
  return {
    write(line: string) {
      let out = line;
      for (const s of needles) out = out.split(s).join("[REDACTED]");
      target.write(out);
    },
  };
};

export const createLogger = (opts: LoggerOptions = {}): Logger =>
  pino(
    {
      level: opts.level ?? "info",
      redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
      base: { service: "backorder-worker" },
    },
    maskingStream(opts.destination ?? destination({ dest: 2, sync: false }), opts.secrets ?? []),
  );
