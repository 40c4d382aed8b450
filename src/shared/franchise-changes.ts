/**
 * `booking`: an appointment was created, cancelled, moved or changed status (only
 * that location's availability is stale); `placement`: the franchise moved to
 * another shard; `member`: nothing a client sees changed.
 */
export type FranchiseChangeKind = 'franchise' | 'location' | 'barber' | 'service' | 'schedule' | 'time-off' | 'member' | 'booking' | 'placement';

/** Something a location page or availability answer may depend on has changed (emitted after commit, awaited before the answer). */
export interface FranchiseChange {
  readonly franchiseId: string;
  /** null when the change is not tied to one location. */
  readonly locationId: string | null;
  readonly kind: FranchiseChangeKind;
}

export type FranchiseChangeListener = (change: FranchiseChange) => void | Promise<void>;

/**
 * Tells caches (location page, availability; DESIGN.md section 6) to forget
 * what a management write made stale. A listener's failure is logged by the
 * caller's hook and never fails the write that already committed.
 */
export class FranchiseChanges {
  private readonly listeners: FranchiseChangeListener[] = [];

  constructor(private readonly onListenerError: (error: unknown, change: FranchiseChange) => void = () => {}) {}

  subscribe(listener: FranchiseChangeListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  async publish(change: FranchiseChange): Promise<void> {
    await Promise.all(
      this.listeners.map(async (listener) => {
        try {
          await listener(change);
        } catch (error) {
          this.onListenerError(error, change);
        }
      }),
    );
  }
}
