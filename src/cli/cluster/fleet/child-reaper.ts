import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let hooked = false;

/**
 * Ends the fleet's helper processes (PgBouncer, HAProxy, API nodes) when this
 * process exits without stopping them, e.g. a drill interrupted with Ctrl-C:
 * otherwise they would keep their ports after the drill is gone.
 */
export function reapOnExit(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGTERM');
  });
}
