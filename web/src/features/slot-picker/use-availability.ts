import { useCallback, useEffect, useRef, useState } from 'react';
import { publicApi } from '../../api/public-api.js';
import type { Slot } from '../../api/types.js';

export const WINDOW_DAYS = 14;

interface Query {
  readonly slug: string;
  readonly serviceId: string;
  readonly barberId: string | undefined;
  readonly from: string;
}

export type AvailabilityState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly slots: readonly Slot[] }
  | { readonly status: 'error'; readonly error: unknown };

/**
 * Free slots for a 14-day window, in one request (the API takes days=1..14):
 * the date strip can then say at once which days are full.
 */
export function useAvailability(query: Query): { state: AvailabilityState; refresh(): void } {
  const [state, setState] = useState<AvailabilityState>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const lastKey = useRef('');
  const { slug, serviceId, barberId, from } = query;

  useEffect(() => {
    const mine = ++generation.current;
    const controller = new AbortController();
    // A refresh of the same window keeps the current times on screen; a new window shows the skeleton.
    const key = [slug, serviceId, barberId, from].join('|');
    if (key !== lastKey.current) setState({ status: 'loading' });
    lastKey.current = key;
    publicApi
      .availability(slug, { serviceId, date: from, days: WINDOW_DAYS, barberId }, controller.signal)
      .then((answer) => {
        if (mine === generation.current) setState({ status: 'ready', slots: answer.slots });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted && mine === generation.current) setState({ status: 'error', error });
      });
    return () => controller.abort();
  }, [slug, serviceId, barberId, from, version]);

  const refresh = useCallback(() => setVersion((value) => value + 1), []);
  return { state, refresh };
}
