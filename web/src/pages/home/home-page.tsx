import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, navigate, useTitle } from '../../router/router.js';
import { TextField } from '../../ui/field.js';
import './home.css';

/** The start page: a client with a shop's link goes straight to it; a shop owner goes to the staff app. */
export function HomePage() {
  useTitle('');
  const [slug, setSlug] = useState('');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    // Accept a whole pasted link as well as the shop's short name.
    const cleaned = slug.trim().toLowerCase().replace(/^.*\/book\//, '').replace(/[/?#].*$/, '');
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(cleaned)) {
      setError('Enter the shop name from its booking link, like fade-and-co-new-york.');
      return;
    }
    navigate(`/book/${cleaned}`);
  };
  return (
    <div className="container home">
      <section className="home__hero">
        <h1>Your next haircut, booked in a minute.</h1>
        <p className="home__lead">Pick a service, a barber (or anyone free) and a time that suits you. No account needed; change or cancel from your confirmation link.</p>
        <form className="home__form card" onSubmit={submit} noValidate>
          <TextField
            label="Your shop's booking link"
            hint="The shop gives you a link like /book/fade-and-co-new-york"
            value={slug}
            onChange={(event) => {
              setSlug(event.target.value);
              setError(undefined);
            }}
            error={error}
            autoComplete="off"
            placeholder="fade-and-co-new-york"
          />
          <button className="button" type="submit">
            Find the shop
          </button>
        </form>
      </section>
      <section className="home__shops card">
        <h2>Run a barbershop?</h2>
        <p>Take bookings online, see your day per barber, and watch the numbers that matter: revenue, rebooking, chair utilization.</p>
        <div className="button-row">
          <Link className="button" to="/app/signup">
            Create your shop
          </Link>
          <Link className="button button--secondary" to="/app/signin">
            Sign in
          </Link>
        </div>
      </section>
    </div>
  );
}
