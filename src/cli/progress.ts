/**
 * A tiny progress display for long CLI loops: a redrawn bar on a terminal, a plain line every
 * `every` items otherwise (logs and CI keep readable lines, never carriage returns).
 * It writes to stderr so `--json` output on stdout stays machine-readable.
 */
export interface ProgressOptions {
  label: string;
  total: number;
  stream?: NodeJS.WriteStream | { write(text: string): boolean; isTTY?: boolean; columns?: number };
  /** Plain mode: print a line after this many items (default: every 10 %). */
  every?: number;
  /** Turn the display off entirely (e.g. `--json` or `--quiet`). */
  silent?: boolean;
}

export interface Progress {
  tick(n?: number): void;
  done(note?: string): void;
  readonly count: number;
}

const WIDTH = 28;

export const renderBar = (label: string, count: number, total: number): string => {
  const ratio = total <= 0 ? 1 : Math.min(1, count / total);
  const filled = Math.round(ratio * WIDTH);
  return `${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${count}/${total} ${Math.round(ratio * 100)}%`;
};

export const createProgress = (opts: ProgressOptions): Progress => {
  const stream = opts.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const every = Math.max(1, opts.every ?? Math.ceil(opts.total / 10));
  let count = 0;
  let lastPlain = 0;
  const draw = (): void => {
    if (opts.silent) return;
    if (tty) stream.write(`\r${renderBar(opts.label, count, opts.total)}`);
    else if (count - lastPlain >= every || count === opts.total) {
      lastPlain = count;
      stream.write(`${opts.label}: ${count}/${opts.total}\n`);
    }
  };
  return {
    tick(n = 1) {
      count += n;
      draw();
    },
    done(note) {
      if (opts.silent) return;
      if (tty) stream.write(`\r${renderBar(opts.label, count, opts.total)}${note ? ` ${note}` : ""}\n`);
      else if (count !== lastPlain || note) stream.write(`${opts.label}: ${count}/${opts.total}${note ? ` ${note}` : ""}\n`);
    },
    get count() {
      return count;
    },
  };
};
