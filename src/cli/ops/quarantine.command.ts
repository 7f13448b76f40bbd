import type { Command } from "commander";
import type { QuarantineEntry } from "../../persistence/orders/quarantine.repository.js";
import { NotFoundError } from "./cli-errors.js";
import { printableDeep, printableLines, term } from "./printable.js";
import { quarantineId, replayEntry } from "./quarantine-replay.js";
import { printJson, withCore, type Core } from "./with-core.js";

type Opts = { json?: boolean; configDir?: string; channel?: string };
const common = (c: Command): Command =>
  c.option("--json", "print as JSON").option("--config-dir <dir>", "configuration folder");

const find = async (core: Core, id: string): Promise<QuarantineEntry> => {
  const e = (await core.quarantine.list()).find((x) => quarantineId(x) === id);
  if (!e) throw new NotFoundError(`no quarantine entry ${id} (see backorder quarantine list)`);
  return e;
};

/** `backorder quarantine list|show ID|replay ID`: inputs we could not accept, and a second try. */
export const registerQuarantineCommand = (program: Command): void => {
  const q = program.command("quarantine").description("Inputs that could not be accepted");
  common(q.command("list").description("Quarantined inputs").option("--channel <id>")).action(async (opts: Opts) => {
    await withCore("quarantine list", opts, async (core) => {
      const entries = await core.quarantine.list(opts.channel);
      const channels = core.config.channels.map((c) => c.id);
      // As with `po list --vendor`: an unknown channel matching nothing is a typo, not an empty quarantine.
      if (opts.channel && entries.length === 0 && !channels.includes(opts.channel)) throw new NotFoundError(`no channel "${opts.channel}" in the configuration (channels: ${channels.join(", ") || "none"})`);
      const rows = entries.map((e) => ({ id: quarantineId(e), channel: e.channel, source: e.source, ref: e.ref, reason: e.reason, seen: e.seen, lastSeenAt: e.lastSeenAt }));
      if (opts.json) return printJson(rows);
      process.stdout.write(`${rows.length ? printableDeep(rows).map((r) => `${r.id}  ${r.channel}  ${r.ref}  (${r.source}, seen ${r.seen}×)  ${r.reason}`).join("\n") : "quarantine is empty"}\n`);
    });
  });
  common(q.command("show").description("One entry with its payload").argument("<id>")).action(async (id: string, opts: Opts) => {
    await withCore("quarantine show", opts, async (core) => {
      const e = await find(core, id);
      if (opts.json) return printJson({ id, ...e });
      process.stdout.write(`${term`${id} ${e.channel} ${e.ref}\n  source: ${e.source}\n  reason: ${e.reason}\n  seen ${e.seen}× (${e.firstSeenAt} … ${e.lastSeenAt})\n  payload: `}${printableLines(JSON.stringify(e.payload, null, 2))}\n`);
    });
  });
  common(q.command("replay").description("Map the stored payload again; store and evaluate it if it now maps").argument("<id>")).action(async (id: string, opts: Opts) => {
    await withCore("quarantine replay", opts, async (core) => {
      const r = await replayEntry(core, await find(core, id));
      if (opts.json) printJson({ id, ...r });
      else process.stdout.write(r.ok ? term`${id} replayed: ${r.orders.map((o) => `${o.order} ${o.outcome}`).join(", ")}\n` : term`${id} still does not map: ${r.reason}\n`);
      return r.ok ? 0 : 1;
    });
  });
};
