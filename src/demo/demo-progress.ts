import { createProgress, type Progress } from "../cli/progress.js";
import type { QueueLoad } from "./wait-quiet.js";

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * Progress of the demo's phases on stderr: a bar per phase on a terminal, plain lines otherwise
 * (src/cli/progress.ts decides). A phase's count is read from the store each time the quiet
 * check looks, so the bar moves with the pipeline, not with the demo's own loop.
 */
export const createDemoProgress = (stream: Stream) => {
  const out = stream as unknown as NodeJS.WriteStream;
  return {
    note: (text: string): void => void stream.write(`${text}\n`),
    /** count(load, watched) → how far the phase is; the bar never runs backwards. */
    phase: (label: string, total: number, count: (load: QueueLoad, watched: number[]) => number) => {
      const bar: Progress = createProgress({ label, total: Math.max(1, total), stream: out });
      const started = Date.now();
      return {
        onTick: (load: QueueLoad, watched: number[]) => {
          const n = Math.min(Math.max(1, total), count(load, watched));
          if (n > bar.count) bar.tick(n - bar.count);
        },
        done: (note?: string) => bar.done(`in ${((Date.now() - started) / 1000).toFixed(1)} s${note ? ` ${note}` : ""}`),
      };
    },
  };
};
