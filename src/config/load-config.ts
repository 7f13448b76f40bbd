import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";
import type { ZodType, ZodTypeDef } from "zod";
import { AppConfigSchema, type AppConfig } from "./app.schema.js";
import { ChannelConfigSchema, type ChannelConfig } from "./channel.schema.js";
import { VendorConfigSchema, type VendorConfig } from "./vendor.schema.js";
import { ConfigError, problemsFromZod, type ConfigProblem } from "./problems.js";

export interface LoadedConfig {
  dir: string;
  app: AppConfig;
  channels: ChannelConfig[];
  vendors: VendorConfig[];
}

const yamlFiles = (dir: string, problems: ConfigProblem[]): string[] => {
  if (!existsSync(dir)) return [];
  // A file where the folder belongs made readdirSync throw ENOTDIR past the problem list.
  if (!statSync(dir).isDirectory()) {
    problems.push({ file: dir, path: "", message: "expected a folder of YAML files, found a file" });
    return [];
  }
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
};

const readYaml = (file: string, problems: ConfigProblem[]): unknown => {
  try {
    return parse(readFileSync(file, "utf8")) ?? {};
  } catch (err) {
    problems.push({ file, path: "", message: `not readable YAML: ${(err as Error).message.split("\n")[0]}` });
    return undefined;
  }
};

const parseFile = <T>(file: string, schema: ZodType<T, ZodTypeDef, unknown>, problems: ConfigProblem[]): T | undefined => {
  const raw = readYaml(file, problems);
  if (raw === undefined) return undefined;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  problems.push(...problemsFromZod(file, result.error.issues, raw));
  return undefined;
};

/** The file name is the id, so an operator finds a channel's or vendor's file without searching. */
const checkIdMatchesFile = (file: string, id: string, problems: ConfigProblem[]): void => {
  const expected = basename(file).replace(/\.ya?ml$/, "");
  if (id !== expected) problems.push({ file, path: "id", message: `expected "${expected}" (the file name), found "${id}"` });
};

/**
 * Reads and checks the whole configuration, reporting every problem at once
 * (file, path, what was expected, what was found). Throws ConfigError when anything is wrong.
 */
export const loadConfig = (dir: string): LoadedConfig => {
  const problems: ConfigProblem[] = [];
  // A mistyped --config-dir must not pass as an empty but valid configuration.
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError([{ file: dir, path: "", message: "no such config folder" }]);
  const defaultFile = join(dir, "default.yaml");
  const app = existsSync(defaultFile) ? parseFile(defaultFile, AppConfigSchema, problems) : AppConfigSchema.parse({});
  const load = <T extends { id: string }>(sub: string, schema: ZodType<T, ZodTypeDef, unknown>): T[] =>
    yamlFiles(join(dir, sub), problems).flatMap((file) => {
      const value = parseFile(file, schema, problems);
      if (value) checkIdMatchesFile(file, value.id, problems);
      return value ? [value] : [];
    });
  const channels = load("channels", ChannelConfigSchema);
  const vendors = load("vendors", VendorConfigSchema);
  if (problems.length > 0 || !app) throw new ConfigError(problems);
  return deepFreeze({ dir, app, channels, vendors });
};

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};
