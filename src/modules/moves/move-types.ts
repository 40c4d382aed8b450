/** Phases of a move, in order; `franchise_moves.phase` holds the last one completed. */
export const PHASES = ['planned', 'prepared', 'copying', 'synced', 'fenced', 'caught_up', 'verified', 'detached', 'flipped', 'unfenced', 'cleaned'] as const;
export type MovePhase = (typeof PHASES)[number];
export type MoveStatus = 'running' | 'completed' | 'rolled_back' | 'failed';

export function phaseIndex(phase: MovePhase): number {
  return PHASES.indexOf(phase);
}

/** True once the catalog points at the target: the move can only go forward. */
export function isPastFlip(phase: MovePhase): boolean {
  return phaseIndex(phase) >= phaseIndex('flipped');
}

export interface MoveRecord {
  readonly id: string;
  readonly franchiseId: string;
  readonly sourceShard: string;
  readonly targetShard: string;
  readonly phase: MovePhase;
  readonly status: MoveStatus;
  readonly placementVersion: string;
  readonly replicationName: string;
  readonly subscriptionOid: string | null;
  readonly fenceLsn: string | null;
  readonly createdAt: Date;
  readonly flippedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly sourceCleanedAt: Date | null;
  readonly pauseMs: number | null;
  readonly rowsCopied: string | null;
  readonly bytesCopied: string | null;
  readonly leftoverRowsDeleted: string;
  readonly error: string | null;
}

export interface MoveProgress {
  readonly moveId: string;
  readonly franchiseId: string;
  readonly phase: MovePhase | 'rolling_back' | 'rolled_back';
  /** 0–100, by phase (the copy phase advances with tables synchronized). */
  readonly percent: number;
  readonly detail?: string;
}

export interface MoveOptions {
  /** Told at every phase (the CLI prints a live line). */
  readonly onProgress?: (progress: MoveProgress) => void;
  /**
   * Test hook that simulates the mover being killed: after this phase is
   * recorded the mover stops dead (no rollback, locks released), as a crashed
   * process would. Resume must then reconcile.
   */
  readonly crashAfter?: MovePhase;
  /** Test hook, awaited right before the fence is raised (e.g. to open a long write transaction). */
  readonly beforeFence?: () => Promise<void>;
  /** Wait before deleting the source's rows; default 0 here (the CLI passes its own). undefined cleanup = leave rows for `moves resume`. */
  readonly sourceCleanupGraceMs?: number;
  /** Leave the source rows in place (the `moved` fence refuses writes); `moves resume` deletes them later. */
  readonly skipSourceCleanup?: boolean;
  /** Longest time for the initial copy before the move aborts (default 10 min). */
  readonly syncTimeoutMs?: number;
  /** Longest write pause before the move aborts and unfences the source (default 10 s). */
  readonly fenceBudgetMs?: number;
}

export interface MoveResult {
  readonly moveId: string;
  readonly franchiseId: string;
  readonly sourceShard: string;
  readonly targetShard: string;
  readonly status: MoveStatus;
  readonly pauseMs: number | null;
  /** Milliseconds into the write pause at which each step ended (fence, marker_applied, … unfenced). */
  readonly pauseSteps?: Readonly<Record<string, number>>;
  readonly rowsCopied: number;
  readonly bytesCopied: number;
  /** The initial copy: publication and subscription created → every table synchronized. */
  readonly copyMs?: number;
  readonly durationMs: number;
  readonly error?: string;
}

/** Thrown by the `crashAfter` hook: not an error of the move, a simulated kill. */
export class SimulatedCrash extends Error {
  constructor(phase: MovePhase) {
    super(`simulated mover crash after phase ${phase}`);
    this.name = 'SimulatedCrash';
  }
}
