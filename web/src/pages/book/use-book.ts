import { useRef, useState } from 'react';
import { newIdempotencyKey, publicApi } from '../../api/public-api.js';
import type { Booking, CreateBooking } from '../../api/types.js';

/**
 * One Idempotency-Key per attempt: the same body keeps its key (a double click,
 * or a retry after a lost connection, books once); a changed body is a new
 * attempt with a new key. A click while a request is in flight joins it.
 */
export function useBook(slug: string) {
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const inFlight = useRef<Promise<Booking> | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(undefined);

  const book = async (body: CreateBooking): Promise<Booking | undefined> => {
    if (inFlight.current) return inFlight.current.catch(() => undefined);
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
    setBusy(true);
    setProblem(undefined);
    const call = publicApi.book(slug, body, attempt.current.key);
    inFlight.current = call;
    try {
      return await call;
    } catch (error) {
      setProblem(error);
      return undefined;
    } finally {
      inFlight.current = null;
      setBusy(false);
    }
  };

  return { book, busy, problem, clearProblem: () => setProblem(undefined) };
}
