import { createZoneClock } from './wall-clock.js';
import type { ZoneClock } from './wall-clock.js';

// One clock per zone for the life of the process: its offset cache then serves every request.
const clocks = new Map<string, ZoneClock>();

export function zoneClock(name: string): ZoneClock {
  let clock = clocks.get(name);
  if (!clock) {
    clock = createZoneClock(name);
    clocks.set(name, clock);
  }
  return clock;
}
