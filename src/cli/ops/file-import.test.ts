import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readInputBytes } from "./file-import.js";

describe("readInputBytes", () => {
  it("refuses a device, a folder and a file over the limit before reading it", () => {
    expect(() => readInputBytes("/dev/zero")).toThrow(/\/dev\/zero is not a regular file/);
    const dir = mkdtempSync(path.join(tmpdir(), "file-import-"));
    expect(() => readInputBytes(dir)).toThrow(/is not a regular file/);
    const file = path.join(dir, "orders.csv");
    writeFileSync(file, "x".repeat(2048));
    expect(() => readInputBytes(file, 1024)).toThrow(/is 2,048 bytes; an import reads at most 1,024 \(split the file\)/);
    expect(readInputBytes(file, 4096).length).toBe(2048);
    expect(() => readInputBytes(path.join(dir, "missing.csv"))).toThrow(/cannot read .*missing\.csv/);
  });
});

describe("renderFileImport", () => {
  it("escapes control characters and newlines inside values, so a row cannot forge a line", async () => {
    const { renderFileImport } = await import("./file-import.js");
    const text = renderFileImport("offer(s)", { file: "a\u001b[2J.csv", imported: 1, skipped: [{ ref: "row 2\nImported 999", code: "X.Y", reason: "bad\u0007" }] });
    expect(text.split("\n")).toEqual(["Imported 1 offer(s) from a\\x1b[2J.csv; 1 row(s) skipped", "  row 2\\nImported 999: [X.Y] bad\\x07"]);
  });
});
