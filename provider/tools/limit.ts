/**
 * At most `concurrency` tasks in flight; the others wait their turn in the order they were given
 * (a small p-limit). Exchange Online allows a few concurrent requests per mailbox and throttles
 * beyond its budget, so bulk readers keep a bound instead of firing everything at once.
 */
export interface Limiter {
  <T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** The most that ever ran at once. */
  readonly peak: number;
}

export function limiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number of at least 1, not ${concurrency}`);
  const waiting: (() => void)[] = [];
  let active = 0;
  let peak = 0;
  const next = () => {
    if (active >= concurrency) return;
    const start = waiting.shift();
    if (start) start();
  };
  const run = <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        active++;
        peak = Math.max(peak, active);
        let result: Promise<T>;
        try {
          result = task();
        } catch (e) {
          result = Promise.reject(e);
        }
        // The slot is free before the caller hears back, so what it starts next may take it.
        const release = () => {
          active--;
          next();
        };
        result.then(
          (value) => {
            release();
            resolve(value);
          },
          (error: unknown) => {
            release();
            reject(error);
          },
        );
      });
      next();
    });
  return Object.defineProperties(run, {
    active: { get: () => active },
    peak: { get: () => peak },
  }) as Limiter;
}
