import type { LoadedConfig } from "./load-config.js";

/** Every environment variable name the configuration refers to for a secret, with where it is used. */
export const secretReferences = (config: LoadedConfig): { env: string; usedBy: string }[] => {
  const refs: { env: string; usedBy: string }[] = [];
  const collect = (owner: string, node: unknown): void => {
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key.endsWith("Env") && typeof value === "string") refs.push({ env: value, usedBy: `${owner}.${key}` });
      else collect(owner, value);
    }
  };
  config.channels.forEach((c) => collect(`channel ${c.id}`, c));
  config.vendors.forEach((v) => collect(`vendor ${v.id}`, v));
  return refs;
};

/** Reads a secret by the env var name a config gives; the value never goes anywhere but the caller. */
export const readSecret = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name];
  return value && value.length > 0 ? value : undefined;
};
