import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Address } from "../../domain/order.js";
import { PermanentError } from "../../shared/errors.js";

/**
 * Ship-to addresses are personal data: FerretDB stores plain JSON, so they are encrypted in the
 * application before they reach the database (perf-reliability.md §B7, Amazon DPP: PII encrypted at rest).
 */
export interface AddressCipher {
  encrypt(address: Address): string;
  decrypt(sealed: string): Address;
}

const VERSION = "v1";

/** AES-256-GCM with a random 96-bit IV per value; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export const createAesGcmAddressCipher = (key: Buffer): AddressCipher => {
  if (key.length !== 32) throw new Error("address cipher key must be 32 bytes (AES-256)");
  return {
    encrypt(address) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([c.update(JSON.stringify(address), "utf8"), c.final()]);
      return [VERSION, iv.toString("base64url"), c.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("not a sealed address");
      const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      d.setAuthTag(Buffer.from(tag, "base64url"));
      let plain: Buffer;
      try {
        plain = Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]);
      } catch {
        // GCM's tag check failed ("Unsupported state or unable to authenticate data"): in practice
        // the value was sealed with another key. A permanent error: a job fails at once with the
        // code and the CLI says what to fix, instead of a bare crypto message and retries.
        throw new PermanentError(
          "CONFIG.ADDRESS_KEY_MISMATCH",
          "stored addresses were sealed with another BACKORDER_ADDRESS_KEY: set the key the service used when it stored them",
        );
      }
      return JSON.parse(plain.toString("utf8")) as Address;
    },
  };
};

/** Reads a key given as 64 hex characters or base64 of 32 bytes (e.g. from an environment variable). */
export const parseAddressKey = (text: string): Buffer => {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32) throw new Error("address key must be 32 bytes as hex or base64");
  return key;
};
