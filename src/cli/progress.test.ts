import { describe, expect, it } from "vitest";
import { createProgress, renderBar } from "./progress.js";

const sink = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (t: string) => (out.push(t), true) } };
};

describe("progress", () => {
  it("prints plain lines off a terminal, never carriage returns", () => {
    const s = sink(false);
    const p = createProgress({ label: "rows", total: 4, every: 2, stream: s.stream });
    for (let i = 0; i < 4; i++) p.tick();
    p.done("ok");
    expect(s.out).toEqual(["rows: 2/4\n", "rows: 4/4\n", "rows: 4/4 ok\n"]);
    expect(s.out.join("")).not.toContain("\r");
  });

  it("redraws a bar on a terminal and stays quiet when silent", () => {
    const s = sink(true);
    const p = createProgress({ label: "x", total: 2, stream: s.stream });
    p.tick(2);
    expect(s.out[0]).toBe(`\r${renderBar("x", 2, 2)}`);
    expect(renderBar("x", 1, 4)).toContain("1/4 25%");
    const quiet = sink(true);
    createProgress({ label: "x", total: 2, stream: quiet.stream, silent: true }).tick();
    expect(quiet.out).toEqual([]);
  });
});
