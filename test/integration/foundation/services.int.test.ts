import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const script = new URL("../../../scripts/services.sh", import.meta.url).pathname;

describe("scripts/services.sh", () => {
  it("is idempotent: a second `up` starts nothing and reports what it uses", () => {
    const first = execFileSync("bash", [script, "up"], { encoding: "utf8" });
    const second = execFileSync("bash", [script, "up"], { encoding: "utf8" });
    for (const out of [first, second]) {
      expect(out).toMatch(/^redis: /m);
      expect(out).toMatch(/^mongodb: /m);
    }
    expect(second).not.toMatch(/started|building/);
    expect(execFileSync("bash", [script, "status"], { encoding: "utf8" })).toMatch(/redis: up[\s\S]*mongodb: up/);
  });

  it("fails with a message that says what to do on an unknown command", () => {
    let stderr = "";
    try {
      execFileSync("bash", [script, "sideways"], { encoding: "utf8", stdio: "pipe" });
    } catch (err) {
      stderr = String((err as { stderr: string }).stderr);
    }
    expect(stderr).toContain("usage: scripts/services.sh up|down|status");
  });
});
