import type { Command } from "commander";
import { printableDeep } from "./printable.js";
import { printJson, withCore } from "./with-core.js";

const STATES = ["waiting", "prioritized", "active", "delayed", "waiting-children", "paused", "failed", "completed"] as const;

/** `backorder queues`: job counts per state for every queue of the pipeline. */
export const registerQueuesCommand = (program: Command): void => {
  program
    .command("queues")
    .description("Job counts per state for every queue")
    .option("--json", "print as JSON")
    .option("--config-dir <dir>", "configuration folder")
    .action(async (opts: { json?: boolean; configDir?: string }) => {
      await withCore("queues", opts, async (core) => {
        const rows: ({ queue: string } & Record<string, number | string>)[] = [];
        for (const q of core.runtime.queues().sort((a, b) => (a.name < b.name ? -1 : 1))) rows.push({ queue: q.name, ...(await q.getJobCounts(...STATES)) });
        if (opts.json) return printJson(rows);
        const shown = printableDeep(rows);
        const width = Math.max(5, ...shown.map((r) => r.queue.length));
        const head = `${"queue".padEnd(width)} ${STATES.map((s) => s.padStart(Math.max(6, s.length))).join(" ")}`;
        const body = shown.map((r) => `${r.queue.padEnd(width)} ${STATES.map((s) => String(r[s] ?? 0).padStart(Math.max(6, s.length))).join(" ")}`);
        process.stdout.write(`${[head, ...body].join("\n")}\n`);
      });
    });
};
