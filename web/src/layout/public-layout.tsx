import type { ReactNode } from 'react';
import { Link } from '../router/router.js';
import './layout.css';

export function Brand() {
  return (
    <Link to="/" className="brand" aria-label="BookedBarber home">
      <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="7" fill="currentColor" />
        <path d="M9 6h14v4H9zM9 22h14v4H9z" fill="#fff" />
        <path d="M11 10h10v12H11z" fill="#c8553d" />
        <path d="M11 13l10-2v3l-10 2zM11 18l10-2v3l-10 2z" fill="#fff" />
      </svg>
      <span>BookedBarber</span>
    </Link>
  );
}

/** Header and footer around the client-facing pages. */
export function PublicLayout({ children }: { readonly children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <Brand />
          <Link to="/app" className="site-header__staff">
            For shops
          </Link>
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="container small muted">BookedBarber · book, move or cancel online, any time.</div>
      </footer>
    </>
  );
}
