import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PermanentError } from "../../shared/errors.js";
import { createAesGcmAddressCipher } from "./address-cipher.js";

const ADDRESS = { name: "Ada Lovelace", line1: "1 Main St", city: "London", postalCode: "N1 7AA", country: "GB" };

describe("AES-GCM address cipher", () => {
  it("round-trips an address with its key", () => {
    const cipher = createAesGcmAddressCipher(randomBytes(32));
    expect(cipher.decrypt(cipher.encrypt(ADDRESS))).toEqual(ADDRESS);
  });

  it("regression: another key failed with a bare 'Unsupported state or unable to authenticate data'; now a permanent CONFIG.ADDRESS_KEY_MISMATCH", () => {
    const sealed = createAesGcmAddressCipher(randomBytes(32)).encrypt(ADDRESS);
    const otherKey = randomBytes(32);
    const err = (() => {
      try {
        createAesGcmAddressCipher(otherKey).decrypt(sealed);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(PermanentError);
    expect(err).toMatchObject({ code: "CONFIG.ADDRESS_KEY_MISMATCH", retryable: false });
    const message = (err as Error).message;
    expect(message).toMatch(/sealed with another BACKORDER_ADDRESS_KEY/);
    expect(message).not.toContain(otherKey.toString("base64"));
    expect(message).not.toContain(otherKey.toString("hex"));
  });

  it("a tampered value fails the same way (the tag check cannot tell the two apart)", () => {
    const cipher = createAesGcmAddressCipher(randomBytes(32));
    const [v, iv, tag, body] = cipher.encrypt(ADDRESS).split(".") as [string, string, string, string];
    const flipped = Buffer.from(body, "base64url");
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(() => cipher.decrypt([v, iv, tag, flipped.toString("base64url")].join("."))).toThrow(expect.objectContaining({ code: "CONFIG.ADDRESS_KEY_MISMATCH" }));
  });
});
