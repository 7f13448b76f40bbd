import { describe, expect, it } from "vitest";
import { checkRemoteName } from "./remote-name.js";

describe("checkRemoteName", () => {
  it("accepts plain file names", () => {
    for (const n of ["PO-1.855.x12", "ASN_2025-03-20.edi", "a"]) expect(checkRemoteName(n)).toEqual({ ok: true });
  });

  it("skips temporary and hidden files without calling them errors", () => {
    expect(checkRemoteName(".PO-1.855.x12.part")).toMatchObject({ ok: false, skip: true });
  });

  it("refuses traversal, separators, absolute paths and control characters with SUPPLIER.BAD_FILE_NAME", () => {
    for (const n of ["..", "../etc/passwd", "/etc/passwd", "a/b", "a\\b", "x\u0000y", "x\ny", "ok\u001b[2J", "a..b", "", " lead", "é.edi", "x".repeat(201)]) {
      const v = checkRemoteName(n);
      expect(v.ok, n).toBe(false);
      if (!v.ok && !v.skip) expect(v.error.code).toBe("SUPPLIER.BAD_FILE_NAME");
      else throw new Error(`'${n}' was skipped, not refused`);
    }
  });
});
