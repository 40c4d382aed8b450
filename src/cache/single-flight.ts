/**
 * Concurrent calls for one key share one execution: the first caller runs
 * `work`, the others await its promise. The key is forgotten as soon as the work
 * settles, so a later call runs again (nothing is cached here).
 */
export class SingleFlight {
  private readonly flights = new Map<string, Promise<unknown>>();

  get inFlight(): number {
    return this.flights.size;
  }

  run<T>(key: string, work: () => Promise<T>): { readonly result: Promise<T>; readonly joined: boolean } {
    const existing = this.flights.get(key);
    if (existing) return { result: existing as Promise<T>, joined: true };
    const result = work().finally(() => this.flights.delete(key));
    this.flights.set(key, result);
    return { result, joined: false };
  }
}
