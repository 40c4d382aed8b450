export interface Periodic {
  /** Stops the schedule and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs`, each wait jittered by ±20 % so a fleet of
 * nodes started together does not act in step. Never two runs at once; a
 * failed run is reported and the schedule goes on. 0 disables it, even the
 * immediate first run.
 */
export function runPeriodically(intervalMs: number, task: () => Promise<void>, onError: (error: unknown) => void, options: { immediately?: boolean; once?: boolean } = {}): Periodic {
  let stopped = intervalMs <= 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const schedule = (first = false): void => {
    if (stopped) return;
    const wait = first && options.immediately ? 0 : Math.round(intervalMs * (0.8 + Math.random() * 0.4));
    timer = setTimeout(() => {
      running = task()
        .catch(onError)
        .finally(() => {
          running = undefined;
          if (!options.once) schedule();
        });
    }, wait);
    // A pending schedule never keeps the process alive on its own.
    timer.unref();
  };
  schedule(true);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
