import { Link, useTitle } from '../../router/router.js';

export function NotFoundPage({ what = 'page' }: { readonly what?: string }) {
  useTitle('Not found');
  return (
    <div className="container">
      <div className="empty">
        <h1 className="empty__title">We could not find this {what}</h1>
        <p>The link may be mistyped or out of date.</p>
        <Link to="/">Go to the start page</Link>
      </div>
    </div>
  );
}
