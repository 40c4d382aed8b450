import { publicApi } from '../../api/public-api.js';
import { ApiProblem } from '../../api/http.js';
import { useTitle } from '../../router/router.js';
import { ProblemAlert } from '../../ui/problem-alert.js';
import { Button, Skeleton, SkeletonLines } from '../../ui/status.js';
import { useAsync } from '../../ui/use-async.js';
import { NotFoundPage } from '../not-found/not-found-page.js';
import { BookingFlow } from './booking-flow.js';
import { ShopInfo } from './shop-info.js';
import './book.css';

/** /book/{slug}: the shop's shareable page, and its booking flow. */
export function BookingPage({ slug }: { readonly slug: string }) {
  const { state, reload } = useAsync((signal) => publicApi.location(slug, signal), [slug]);
  useTitle(state.data ? `Book at ${state.data.name}` : 'Book');

  if (state.status === 'error' && state.error instanceof ApiProblem && (state.error.status === 404 || state.error.status === 400)) {
    return <NotFoundPage what="shop" />;
  }
  const location = state.data;
  return (
    <div className="container book">
      <header className="book__header">
        {location ? <h1 className="book__title">{location.name}</h1> : <Skeleton width="60%" height="2.5rem" />}
        <p className="book__subtitle muted">Book online in a minute. No account needed.</p>
      </header>
      {state.status === 'error' && (
        <ProblemAlert error={state.error} title="We could not load this shop.">
          <Button variant="secondary" small onClick={() => void reload()}>
            Try again
          </Button>
        </ProblemAlert>
      )}
      <div className="book__layout">
        <div className="book__main">{location ? <BookingFlow location={location} /> : <FlowSkeleton />}</div>
        <div className="book__side">{location ? <ShopInfo location={location} /> : <div className="card"><SkeletonLines lines={6} /></div>}</div>
      </div>
    </div>
  );
}

function FlowSkeleton() {
  return (
    <div className="flow" aria-busy="true">
      <section className="step" data-state="active">
        <Skeleton width="50%" height="1.75rem" />
        <div className="stack" style={{ marginTop: '1rem' }}>
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height="4rem" />
          ))}
        </div>
      </section>
    </div>
  );
}
