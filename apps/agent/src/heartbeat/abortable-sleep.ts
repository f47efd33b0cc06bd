// setTimeout fires at once for delays above 2^31-1 ms; a huge server-sent interval must not become a busy loop.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after `ms`, or at once when `signal` aborts, so a stop request never waits out an interval. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
