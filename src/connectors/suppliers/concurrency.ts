/**
 * An in-process cap on concurrent calls to one vendor (field report C25: a limiter of job starts
 * is not a concurrency cap). Across processes, the po.push queue's concurrency bounds the rest.
 */
export interface ConcurrencyCap {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
}

export const createConcurrencyCap = (max: number): ConcurrencyCap => {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxConcurrent must be a positive integer, got ${max}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    get active() {
      return active;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < max) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
};
