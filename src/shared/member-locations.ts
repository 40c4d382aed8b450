/**
 * How a membership's locations reach a client. The catalog stores NULL for
 * "every location" (so a new location is included at once); clients get the
 * resolved list plus `allLocations`, never a null they must special-case.
 */
export interface MemberLocations {
  readonly locationIds: string[];
  readonly allLocations: boolean;
}

export function resolveMemberLocations(stored: readonly string[] | null, franchiseLocationIds: readonly string[]): MemberLocations {
  if (stored === null) return { locationIds: [...franchiseLocationIds], allLocations: true };
  return { locationIds: [...stored], allLocations: false };
}
