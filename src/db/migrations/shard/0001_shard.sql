-- Everything that belongs to one franchise. franchise_id leads every primary key
-- so per-franchise scans are cheap and logical replication can filter a
-- franchise's rows for UPDATE and DELETE too (row filters may only use
-- replica-identity columns). Ids are UUIDv7 made by the application: no sequences.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE locations (
  franchise_id              uuid NOT NULL,
  id                        uuid NOT NULL,
  slug                      text NOT NULL,
  name                      text NOT NULL,
  timezone                  text NOT NULL,
  currency                  char(3) NOT NULL,
  address                   jsonb,
  min_notice_minutes        integer NOT NULL DEFAULT 60 CHECK (min_notice_minutes BETWEEN 0 AND 43200),
  horizon_days              integer NOT NULL DEFAULT 90 CHECK (horizon_days BETWEEN 1 AND 730),
  cancellation_window_hours integer NOT NULL DEFAULT 24 CHECK (cancellation_window_hours BETWEEN 0 AND 720),
  slot_step_minutes         integer NOT NULL DEFAULT 15 CHECK (slot_step_minutes BETWEEN 5 AND 240),
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, id),
  UNIQUE (franchise_id, slug)
);

CREATE TABLE barbers (
  franchise_id uuid NOT NULL,
  id           uuid NOT NULL,
  location_id  uuid NOT NULL,
  name         text NOT NULL,
  email        text,
  user_id      uuid,
  is_active    boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, id),
  FOREIGN KEY (franchise_id, location_id) REFERENCES locations (franchise_id, id)
);
CREATE INDEX barbers_location_idx ON barbers (franchise_id, location_id);

CREATE TABLE services (
  franchise_id     uuid NOT NULL,
  id               uuid NOT NULL,
  location_id      uuid NOT NULL,
  name             text NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
  price_cents      integer NOT NULL CHECK (price_cents >= 0),
  deposit_cents    integer NOT NULL DEFAULT 0 CHECK (deposit_cents >= 0),
  buffer_minutes   integer NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 120),
  is_active        boolean NOT NULL DEFAULT true,
  sort_order       integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, id),
  FOREIGN KEY (franchise_id, location_id) REFERENCES locations (franchise_id, id),
  CHECK (deposit_cents <= price_cents)
);
CREATE INDEX services_location_idx ON services (franchise_id, location_id);

-- Which services a barber performs.
CREATE TABLE barber_services (
  franchise_id uuid NOT NULL,
  barber_id    uuid NOT NULL,
  service_id   uuid NOT NULL,
  PRIMARY KEY (franchise_id, barber_id, service_id),
  FOREIGN KEY (franchise_id, barber_id) REFERENCES barbers (franchise_id, id) ON DELETE CASCADE,
  FOREIGN KEY (franchise_id, service_id) REFERENCES services (franchise_id, id) ON DELETE CASCADE
);

-- Weekly working hours as wall-clock times in the location's zone.
CREATE TABLE weekly_hours (
  franchise_id uuid NOT NULL,
  id           uuid NOT NULL,
  barber_id    uuid NOT NULL,
  weekday      smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_time   time NOT NULL,
  end_time     time NOT NULL,
  PRIMARY KEY (franchise_id, id),
  FOREIGN KEY (franchise_id, barber_id) REFERENCES barbers (franchise_id, id) ON DELETE CASCADE,
  CHECK (end_time > start_time)
);
CREATE INDEX weekly_hours_barber_idx ON weekly_hours (franchise_id, barber_id);

CREATE TABLE time_off (
  franchise_id uuid NOT NULL,
  id           uuid NOT NULL,
  barber_id    uuid NOT NULL,
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  reason       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, id),
  FOREIGN KEY (franchise_id, barber_id) REFERENCES barbers (franchise_id, id) ON DELETE CASCADE,
  CHECK (ends_at > starts_at)
);
CREATE INDEX time_off_barber_idx ON time_off (franchise_id, barber_id, starts_at);

-- Clients are per franchise, deduplicated by (lower-cased) email.
CREATE TABLE clients (
  franchise_id uuid NOT NULL,
  id           uuid NOT NULL,
  email        text NOT NULL CHECK (email = lower(email)),
  name         text NOT NULL,
  phone        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, id),
  UNIQUE (franchise_id, email)
);

CREATE TABLE appointments (
  franchise_id  uuid NOT NULL,
  id            uuid NOT NULL,
  location_id   uuid NOT NULL,
  barber_id     uuid NOT NULL,
  service_id    uuid NOT NULL,
  client_id     uuid NOT NULL,
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL,
  -- ends_at plus the service's buffer: the chair is taken until then.
  blocked_until timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'booked'
                CHECK (status IN ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
  price_cents   integer NOT NULL CHECK (price_cents >= 0),
  deposit_cents integer NOT NULL DEFAULT 0 CHECK (deposit_cents >= 0),
  currency      char(3) NOT NULL,
  notes         text,
  source        text NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'staff', 'import')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  cancelled_at  timestamptz,
  PRIMARY KEY (franchise_id, id),
  FOREIGN KEY (franchise_id, location_id) REFERENCES locations (franchise_id, id),
  FOREIGN KEY (franchise_id, barber_id) REFERENCES barbers (franchise_id, id),
  FOREIGN KEY (franchise_id, service_id) REFERENCES services (franchise_id, id),
  FOREIGN KEY (franchise_id, client_id) REFERENCES clients (franchise_id, id),
  CHECK (ends_at > starts_at AND blocked_until >= ends_at),
  -- No double booking, enforced by the database: two appointments that still
  -- hold the chair can never overlap for one barber, whatever the code does.
  CONSTRAINT appointments_no_overlap EXCLUDE USING gist (
    franchise_id WITH =,
    barber_id WITH =,
    tstzrange(starts_at, blocked_until) WITH &&
  ) WHERE (status IN ('booked', 'checked_in', 'completed'))
);
CREATE INDEX appointments_location_time_idx ON appointments (franchise_id, location_id, starts_at);
CREATE INDEX appointments_client_idx ON appointments (franchise_id, client_id, starts_at);

-- Stored answers for Idempotency-Key: a replay gets the same answer.
CREATE TABLE idempotency_keys (
  franchise_id uuid NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status_code  integer NOT NULL,
  response     jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, key)
);

CREATE TABLE audit_log (
  franchise_id  uuid NOT NULL,
  id            uuid NOT NULL,
  actor_kind    text NOT NULL CHECK (actor_kind IN ('user', 'client', 'system')),
  actor_user_id uuid,
  action        text NOT NULL,
  entity        text NOT NULL,
  entity_id     uuid NOT NULL,
  before        jsonb,
  after         jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, id)
);
CREATE INDEX audit_log_entity_idx ON audit_log (franchise_id, entity_id);
