import { describe, expect, it } from "vitest";
import { printable, printableDeep, printableLines, term } from "./printable.js";

const HOSTILE = "Snow\u001b[2J\u001b[31mboard\u001b]0;owned\u0007 \rFAKE";
// Any C0 control, DEL or C1 control left in text that reaches a terminal.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe("printable", () => {
  it("regression: a line title's ESC/BEL/CR reached the terminal raw (cleared the screen, set the title); now shown as escapes", () => {
    expect(printable(HOSTILE)).toBe("Snow\\x1b[2J\\x1b[31mboard\\x1b]0;owned\\x07 \\rFAKE");
  });

  it("escapes every C0 control, DEL and the C1 controls (U+009B is an 8-bit CSI), and nothing else", () => {
    for (let c = 0; c <= 0xa0; c++) {
      const ch = String.fromCharCode(c);
      const out = printable(ch);
      expect(CONTROL.test(out), `U+${c.toString(16)}`).toBe(false);
      if (!CONTROL.test(ch)) expect(out).toBe(ch);
    }
    expect(printable("\u009b2J\u007f\u0000\n\t")).toBe("\\x9b2J\\x7f\\x00\\n\\t");
    expect(printable("Größe × 2 — 雪板 😀 \\x1b")).toBe("Größe × 2 — 雪板 😀 \\x1b");
  });

  it("is idempotent, so a value escaped at two layers reads the same", () => {
    expect(printable(printable(HOSTILE))).toBe(printable(HOSTILE));
  });

  it("takes any value", () => {
    expect(printable(42)).toBe("42");
    expect(printable(null)).toBe("null");
  });
});

describe("term, printableLines, printableDeep", () => {
  it("term keeps the layout's newlines and escapes the values' ones", () => {
    expect(term`a ${"x\ny"}\n  b ${HOSTILE}`).toBe(`a x\\ny\n  b ${printable(HOSTILE)}`);
  });

  it("printableLines keeps newlines, escapes the rest", () => {
    expect(printableLines("one\u001b[2J\n  two\r\n")).toBe("one\\x1b[2J\n  two\\r\n");
  });

  it("printableDeep escapes strings at any depth (keys too) and leaves other values alone", () => {
    const at = new Date(0);
    const view = { title: HOSTILE, n: 3, ok: true, none: null, at, lines: [{ sku: "A\u0007", flags: ["\u001b"] }], ["k\u001b"]: "v" };
    const out = printableDeep(view);
    expect(out).toEqual({ title: printable(HOSTILE), n: 3, ok: true, none: null, at, lines: [{ sku: "A\\x07", flags: ["\\x1b"] }], "k\\x1b": "v" });
    expect(out.at).toBe(at);
    expect(CONTROL.test(JSON.stringify(out).replace(/\\u00[0-9a-f]{2}/g, ""))).toBe(false);
    expect(view.title).toBe(HOSTILE);
  });
});
