import { Suspense, lazy, useEffect, useRef } from 'react';
import { match, useLocation } from './router/router.js';
import { PublicLayout } from './layout/public-layout.js';
import { HomePage } from './pages/home/home-page.js';
import { BookingPage } from './pages/book/booking-page.js';
import { ConfirmationPage } from './pages/confirmed/confirmation-page.js';
import { ManagePage } from './pages/manage/manage-page.js';
import { NotFoundPage } from './pages/not-found/not-found-page.js';
import { SkeletonLines } from './ui/status.js';

// The staff app is its own chunk: a client booking a haircut never downloads it.
const StaffApp = lazy(() => import('./pages/staff/staff-app.js').then((module) => ({ default: module.StaffApp })));

export function App() {
  const { path } = useLocation();
  useFocusOnNavigation(path);
  if (path === '/app' || path.startsWith('/app/')) {
    return (
      <Suspense fallback={<div className="container" style={{ paddingTop: '2rem' }}><SkeletonLines lines={4} /></div>}>
        <StaffApp path={path} />
      </Suspense>
    );
  }
  return <PublicLayout>{publicPage(path)}</PublicLayout>;
}

function publicPage(path: string) {
  if (path === '/') return <HomePage />;
  let params = match('/book/:slug', path);
  if (params) return <BookingPage key={params.slug} slug={params.slug as string} />;
  params = match('/confirmed/:token', path);
  if (params) return <ConfirmationPage key={params.token} token={params.token as string} />;
  params = match('/manage/:token', path);
  if (params) return <ManagePage key={params.token} token={params.token as string} />;
  return <NotFoundPage />;
}

/** After an in-app navigation, focus moves to the new page's main region, as a full page load would reset it. */
function useFocusOnNavigation(path: string): void {
  const previous = useRef(path);
  useEffect(() => {
    if (previous.current === path) return;
    previous.current = path;
    requestAnimationFrame(() => document.getElementById('main')?.focus({ preventScroll: true }));
  }, [path]);
}
