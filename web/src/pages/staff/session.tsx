import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { authApi, shopApi } from '../../api/staff-api.js';
import type { FranchiseDetail, Me, Role, ShopLocation } from '../../api/types.js';

const FRANCHISE_KEY = 'bb.franchise';
const LOCATION_KEY = 'bb.location';

export interface Session {
  readonly me: Me;
  /** The franchise being worked on; undefined before the first one is created. */
  readonly franchise: FranchiseDetail | undefined;
  readonly location: ShopLocation | undefined;
  readonly role: Role | undefined;
  readonly isManager: boolean;
  selectFranchise(franchiseId: string): void;
  selectLocation(locationId: string): void;
  /** Reloads /me and the franchise, e.g. after setup created things. */
  refresh(preferred?: { franchiseId?: string; locationId?: string }): Promise<void>;
}

/** The franchise the staff app opens next on this device (e.g. the one an invitation was just accepted for). */
export function rememberFranchise(franchiseId: string): void {
  localStorage.setItem(FRANCHISE_KEY, franchiseId);
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** The signed-in part of the app: who, which franchise, which location (remembered on this device). */
export function SessionProvider({ me: initialMe, children }: { readonly me: Me; readonly children: ReactNode }) {
  const [me, setMe] = useState(initialMe);
  const [franchise, setFranchise] = useState<FranchiseDetail>();
  const [franchiseId, setFranchiseId] = useState(() => pick(initialMe, localStorage.getItem(FRANCHISE_KEY)));
  const [locationId, setLocationId] = useState(() => localStorage.getItem(LOCATION_KEY) ?? undefined);
  // Only the first load hides the app; later reloads keep it (and any half-filled form) on screen.
  const [ready, setReady] = useState(!franchiseId);

  const loadFranchise = useCallback(async (id: string | undefined) => {
    try {
      setFranchise(id ? await shopApi.franchise(id) : undefined);
    } catch {
      setFranchise(undefined);
    } finally {
      setReady(true);
    }
  }, []);

  useEffect(() => {
    void loadFranchise(franchiseId);
  }, [franchiseId, loadFranchise]);

  const session = useMemo<Session>(() => {
    const location = franchise?.locations.find((item) => item.id === locationId) ?? franchise?.locations[0];
    const role = franchise?.role;
    return {
      me,
      franchise,
      location,
      role,
      isManager: role === 'owner' || role === 'manager',
      selectFranchise: (id) => {
        localStorage.setItem(FRANCHISE_KEY, id);
        setFranchiseId(id);
      },
      selectLocation: (id) => {
        localStorage.setItem(LOCATION_KEY, id);
        setLocationId(id);
      },
      refresh: async (preferred = {}) => {
        const fresh = await authApi.me();
        setMe(fresh);
        const nextFranchise = pick(fresh, preferred.franchiseId ?? franchiseId ?? null);
        if (preferred.locationId) {
          localStorage.setItem(LOCATION_KEY, preferred.locationId);
          setLocationId(preferred.locationId);
        }
        if (nextFranchise) localStorage.setItem(FRANCHISE_KEY, nextFranchise);
        setFranchiseId(nextFranchise);
        await loadFranchise(nextFranchise);
      },
    };
  }, [me, franchise, locationId, franchiseId, loadFranchise]);

  if (!ready) return null;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

function pick(me: Me, remembered: string | null): string | undefined {
  const ids = me.memberships.map((membership) => membership.franchiseId);
  return remembered && ids.includes(remembered) ? remembered : ids[0];
}
