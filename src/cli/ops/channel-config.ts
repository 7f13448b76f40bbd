import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { ChannelConfigSchema, type ChannelConfig } from "../../config/channel.schema.js";
import { term } from "./printable.js";
import { loadConfig } from "../../config/load-config.js";
import { ConfigError, problemsFromZod } from "../../config/problems.js";
import { NotFoundError } from "./cli-errors.js";

const channelIds = (folder: string): string[] =>
  existsSync(folder) ? readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, "")).sort() : [];

/** One channel's file alone, checked like the loader checks it (file: path: problem). */
const readChannelFile = (dir: string, id: string): ChannelConfig => {
  const folder = path.join(dir, "channels");
  const file = [".yaml", ".yml"].map((ext) => path.join(folder, `${id}${ext}`)).find((f) => existsSync(f));
  if (!file) {
    const known = channelIds(folder);
    throw new NotFoundError(`no channel "${id}" in ${folder} (${known.length ? `channels: ${known.join(", ")}` : "it holds no channel files"})`);
  }
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError([{ file, path: "", message: `not readable YAML: ${(err as Error).message.split("\n")[0]}` }]);
  }
  const checked = ChannelConfigSchema.safeParse(raw);
  if (!checked.success) throw new ConfigError(problemsFromZod(file, checked.error.issues, raw));
  return checked.data;
};

/** The full loader when the whole config checks out; else just this channel's file, so one bad vendor file does not block a sync. */
export const channelConfig = (dir: string, id: string): ChannelConfig => {
  try {
    const found = loadConfig(dir).channels.find((c) => c.id === id);
    if (found) return found;
  } catch (err) {
    process.stderr.write(term`config: ${(err as Error).message.split("\n")[0]} — reading channels/${id}.yaml alone\n`);
  }
  return readChannelFile(dir, id);
};
