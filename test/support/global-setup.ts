import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Integration tests need the real Redis and Mongo-wire server: make sure they answer. */
export const setup = (): void => {
  const script = fileURLToPath(new URL("../../scripts/services.sh", import.meta.url));
  execFileSync("bash", [script, "up"], { stdio: "inherit" });
};
