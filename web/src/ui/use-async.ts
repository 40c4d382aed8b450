import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> =
  | { readonly status: 'loading'; readonly data: T | undefined; readonly error: undefined }
  | { readonly status: 'ready'; readonly data: T; readonly error: undefined }
  | { readonly status: 'error'; readonly data: T | undefined; readonly error: unknown };

export interface Async<T> {
  readonly state: AsyncState<T>;
  /** Loads again; the previous data stays visible meanwhile (no flash of a skeleton). */
  reload(): Promise<void>;
  /** Replaces the data locally, after a write that returned the new value. */
  set(data: T): void;
}

/** Loads data for a component; a newer load wins over an older one still in flight. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], options: { keepPrevious?: boolean } = {}): Async<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading', data: undefined, error: undefined });
  const generation = useRef(0);
  const inFlight = useRef<AbortController | null>(null);
  const loadRef = useRef(load);
  // With keepPrevious, a new query (another period) dims the old answer instead of blanking the page.
  const { keepPrevious = false } = options;
  loadRef.current = load;

  const run = useCallback(async (keep: boolean): Promise<void> => {
    const mine = ++generation.current;
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    if (!keep) setState((previous) => ({ status: 'loading', data: keepPrevious ? previous.data : undefined, error: undefined }));
    try {
      const data = await loadRef.current(controller.signal);
      if (mine === generation.current) setState({ status: 'ready', data, error: undefined });
    } catch (error) {
      if (controller.signal.aborted) return;
      if (mine === generation.current) setState((previous) => ({ status: 'error', data: previous.data, error }));
    }
  }, [keepPrevious]);

  useEffect(() => {
    void run(false);
    return () => {
      generation.current++;
      inFlight.current?.abort();
    };
    // The caller names the inputs that trigger a new load, as with useEffect.
  }, deps);

  return {
    state,
    reload: () => run(true),
    set: (data: T) => setState({ status: 'ready', data, error: undefined }),
  };
}
