import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/shared/logger.js";

const capture = () => {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
};

describe("logger redaction", () => {
  it("never writes a configured secret, a token field or a customer address", () => {
    const { lines, destination } = capture();
    const secret = "super-secret-refresh-token-value";
    const log = createLogger({ level: "info", secrets: [secret], destination });
    log.info({ refresh_token: secret, headers: { authorization: "Bearer abc" }, shipTo: { line1: "12 Baker Street" } }, "token refresh");
    log.info(`slipped into a message: ${secret}`);
    log.info({ order: { address: "12 Baker Street", id: "1001" } }, "order stored");
    const text = lines.join("");
    expect(lines).toHaveLength(3);
    expect(text).not.toContain(secret);
    expect(text).not.toContain("Baker Street");
    expect(text).not.toContain("Bearer abc");
    expect(text).toContain('"id":"1001"');
    expect(text).toContain("[REDACTED]");
  });
});
