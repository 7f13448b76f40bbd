import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { X12Error } from "../documents/x12/x12-error.js";
import { parseSupplierCallback } from "./http/callback.schemas.js";
import { signBody, verifySupplierSignature } from "./http/signature.js";
import { SupplierInputError } from "./supplier-input-error.js";
import { readSupplierX12 } from "./x12/supplier-x12.reader.js";

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/x12/${name}`, import.meta.url), "utf8");
const samples = [fixture("855-changed.edi"), fixture("856-asn.edi")];

/** Runs fn; passes when it returns or throws the allowed typed error. UNREADABLE would mean an untyped throw inside. */
const onlyTyped = (fn: () => unknown, allowed: new (...a: never[]) => Error): void => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(allowed);
    expect((err as X12Error).code).not.toBe("X12.UNREADABLE");
  }
};

/** Mutations that keep most of a valid file: replace, delete or insert a slice of characters. */
const mutated = fc
  .tuple(fc.constantFrom(...samples), fc.nat(), fc.nat({ max: 40 }), fc.string({ unit: fc.constantFrom("*", "~", ">", "\n", "0", "9", "A", "HL", "SE", "-", "ACK*IQ", "") }))
  .map(([text, at, len, insert]) => {
    const i = at % text.length;
    return text.slice(0, i) + insert + text.slice(i + len);
  });

describe("inbound parsers never throw anything but their typed error", () => {
  it("X12 855/856 reader on mutated files", () => {
    fc.assert(fc.property(mutated, (text) => onlyTyped(() => readSupplierX12(text), X12Error)), { numRuns: 1500 });
  });

  it("X12 reader on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => onlyTyped(() => readSupplierX12(text), X12Error)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (tail) => onlyTyped(() => readSupplierX12(samples[0]?.slice(0, 106) + tail), X12Error)), { numRuns: 500 });
  });

  it("callback parser on arbitrary JSON and text", () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => onlyTyped(() => parseSupplierCallback(v), SupplierInputError)), { numRuns: 500 });
    fc.assert(fc.property(fc.string(), (s) => onlyTyped(() => parseSupplierCallback(s), SupplierInputError)), { numRuns: 300 });
    const ack = { kind: "acknowledgement", eventId: "e", poNumber: "PO-1", lines: [{ lineNo: 1, status: "accepted", quantity: 1 }] };
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("kind", "eventId", "poNumber", "lines", "extra"), fc.jsonValue()), (patch) =>
        onlyTyped(() => parseSupplierCallback({ ...ack, ...patch }), SupplierInputError),
      ),
      { numRuns: 500 },
    );
  });

  it("signature check on arbitrary headers", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (body, header) => onlyTyped(() => verifySupplierSignature(body, header, "s3cret"), SupplierInputError)), { numRuns: 300 });
  });
});

describe("supplier callbacks", () => {
  const body = JSON.stringify({ kind: "receipt", eventId: "r-1", poNumber: "PO-1", receivedAt: "2025-03-25T08:00:00Z", lines: [{ vendorSku: "V-1", quantity: 3 }] });

  it("accepts a correctly signed body and parses it", () => {
    expect(() => verifySupplierSignature(Buffer.from(body), signBody(body, "k"), "k")).not.toThrow();
    expect(parseSupplierCallback(body)).toEqual({ ...JSON.parse(body), source: "http" });
  });

  it("refuses missing, malformed and forged signatures with specific codes", () => {
    const code = (h: string | undefined, b = body) => {
      try {
        verifySupplierSignature(b, h, "k");
        return "ok";
      } catch (err) {
        return (err as SupplierInputError).code;
      }
    };
    expect(code(undefined)).toBe("SUPPLIER.MISSING_SIGNATURE");
    expect(code("md5=abc")).toBe("SUPPLIER.BAD_SIGNATURE");
    expect(code(signBody(body, "other"))).toBe("SUPPLIER.BAD_SIGNATURE");
    expect(code(signBody(body, "k"), body.replace('"quantity":3', '"quantity":30'))).toBe("SUPPLIER.BAD_SIGNATURE");
    expect(code(signBody(body, "k").toUpperCase().replace("SHA256=", "sha256="))).toBe("ok");
  });

  it("names what is wrong in an invalid callback", () => {
    const bad = (v: unknown) => {
      try {
        parseSupplierCallback(v);
      } catch (err) {
        return err as SupplierInputError;
      }
      throw new Error("accepted");
    };
    expect(bad("{").code).toBe("SUPPLIER.CALLBACK_NOT_JSON");
    expect(bad({ kind: "refund" }).code).toBe("SUPPLIER.CALLBACK_INVALID");
    const noRef = bad({ kind: "acknowledgement", eventId: "e", poNumber: "P", lines: [{ status: "accepted", quantity: 1 }] });
    expect(noRef.message).toContain("lineNo or vendorSku");
    expect(bad({ kind: "receipt", eventId: "e", poNumber: "P", receivedAt: "2025-03-25", lines: [{ lineNo: 1, quantity: -1 }] }).message).toContain("lines.0.quantity");
  });
});
