import { useState } from 'react';
import type { ReactNode } from 'react';
import { authApi } from '../../api/staff-api.js';
import { Brand } from '../../layout/public-layout.js';
import { Link, navigate, useLocation } from '../../router/router.js';
import { useSession } from './session.js';

const NAV = [
  { to: '/app/calendar', label: 'Calendar', managers: false },
  { to: '/app/messages', label: 'Messages', managers: false },
  { to: '/app/numbers', label: 'Numbers', managers: true },
  { to: '/app/services', label: 'Services', managers: true },
  { to: '/app/barbers', label: 'Barbers & hours', managers: true },
  { to: '/app/team', label: 'Team', managers: true },
  { to: '/app/settings', label: 'Shop settings', managers: true },
  { to: '/app/account', label: 'Account', managers: false },
] as const;

/** Header with franchise and location pickers, the page menu, and sign-out. */
export function StaffShell({ children }: { readonly children: ReactNode }) {
  const session = useSession();
  const { path } = useLocation();
  const [signingOut, setSigningOut] = useState(false);
  const signOut = async (): Promise<void> => {
    setSigningOut(true);
    try {
      await authApi.logout();
    } finally {
      navigate('/app/signin', { replace: true });
    }
  };
  const { franchise, location } = session;
  return (
    <div className="staff">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="staff-header">
        <div className="staff-header__top container">
          <Brand />
          <div className="staff-header__pickers">
            {session.me.memberships.length > 1 && (
              <label className="picker">
                <span className="visually-hidden">Franchise</span>
                <select className="select" value={franchise?.id ?? ''} onChange={(event) => session.selectFranchise(event.target.value)}>
                  {session.me.memberships.map((membership) => (
                    <option key={membership.franchiseId} value={membership.franchiseId}>
                      {membership.franchiseName}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {franchise && franchise.locations.length > 0 && (
              <label className="picker">
                <span className="visually-hidden">Location</span>
                <select className="select" value={location?.id ?? ''} onChange={(event) => session.selectLocation(event.target.value)} data-testid="location-picker">
                  {franchise.locations.map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <div className="staff-header__user">
            <span className="small muted staff-header__email">{session.me.email}</span>
            <button type="button" className="button button--ghost button--small" onClick={() => void signOut()} disabled={signingOut}>
              Sign out
            </button>
          </div>
        </div>
        <nav className="staff-nav container" aria-label="Shop">
          <ul>
            {NAV.filter((item) => !item.managers || session.isManager).map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={path === item.to ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
            {location && (
              <li className="staff-nav__public">
                <a href={`/book/${location.slug}`} target="_blank" rel="noopener">
                  Booking page ↗<span className="visually-hidden"> (opens in a new tab)</span>
                </a>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" className="staff-main container" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
