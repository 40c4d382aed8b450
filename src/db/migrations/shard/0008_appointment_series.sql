-- Repeating appointments (issue 17): a series is the rule staff chose (every N
-- weeks, this many times); each occurrence is an ordinary appointment row that
-- points back at it, so the calendar, the exclusion constraint and the numbers
-- treat it like any other.
CREATE TABLE appointment_series (
  franchise_id uuid NOT NULL,
  id           uuid NOT NULL,
  location_id  uuid NOT NULL,
  barber_id    uuid NOT NULL,
  service_id   uuid NOT NULL,
  client_id    uuid NOT NULL,
  every_weeks  integer NOT NULL CHECK (every_weeks BETWEEN 1 AND 52),
  first_start  timestamptz NOT NULL,
  -- How many occurrences were asked for (the "until" form is turned into a count).
  occurrences  integer NOT NULL CHECK (occurrences BETWEEN 1 AND 52),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, id),
  FOREIGN KEY (franchise_id, location_id) REFERENCES locations (franchise_id, id),
  FOREIGN KEY (franchise_id, barber_id) REFERENCES barbers (franchise_id, id),
  FOREIGN KEY (franchise_id, service_id) REFERENCES services (franchise_id, id),
  FOREIGN KEY (franchise_id, client_id) REFERENCES clients (franchise_id, id)
);

-- Every franchise table carries the move fence (0002_franchise_fence.sql).
CREATE TRIGGER franchise_fence_guard BEFORE INSERT OR UPDATE OR DELETE ON appointment_series
  FOR EACH ROW EXECUTE FUNCTION franchise_fence_check();

ALTER TABLE appointments ADD COLUMN series_id uuid;
ALTER TABLE appointments ADD CONSTRAINT appointments_series_fk
  FOREIGN KEY (franchise_id, series_id) REFERENCES appointment_series (franchise_id, id);
CREATE INDEX appointments_series_idx ON appointments (franchise_id, series_id) WHERE series_id IS NOT NULL;

-- A walk-in is told apart from a phone booking made by staff.
ALTER TABLE appointments DROP CONSTRAINT appointments_source_check;
ALTER TABLE appointments ADD CONSTRAINT appointments_source_check
  CHECK (source IN ('online', 'staff', 'import', 'walk_in'));
