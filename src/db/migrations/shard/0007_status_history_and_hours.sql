-- Issue 17, findings 1 and 2.
--
-- Status changes by staff can be undone for a while (UNDO_WINDOW in
-- src/modules/appointments/status-transitions.ts): the appointment keeps the
-- status it had before the last staff change and when that change happened.
-- The full history of changes is the audit log; these two columns are only
-- what the undo needs. A cancellation may carry a reason.
ALTER TABLE appointments
  ADD COLUMN previous_status     text CHECK (previous_status IN ('booked', 'checked_in')),
  ADD COLUMN status_changed_at   timestamptz,
  ADD COLUMN cancellation_reason text;

-- The history of each barber's weekly hours: the hours in force from
-- effective_from (a local date in the barber's location zone) until the next
-- version. weekly_hours stays the current set, which availability reads; past
-- utilization reads the version that was in force on each day, so a change
-- today never rewrites last month's numbers. hours = [] means no hours.
CREATE TABLE weekly_hours_versions (
  franchise_id   uuid NOT NULL,
  barber_id      uuid NOT NULL,
  effective_from date NOT NULL,
  -- [{"weekday": 1..7, "start": "HH:MM", "end": "HH:MM"}, ...]
  hours          jsonb NOT NULL CHECK (jsonb_typeof(hours) = 'array'),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, barber_id, effective_from),
  FOREIGN KEY (franchise_id, barber_id) REFERENCES barbers (franchise_id, id) ON DELETE CASCADE
);

-- Existing barbers: their current hours, in force from the day they first
-- appear (created, or their earliest appointment when older, e.g. imported).
-- Nothing better is known about the time before this migration.
INSERT INTO weekly_hours_versions (franchise_id, barber_id, effective_from, hours)
SELECT b.franchise_id, b.id,
  least(
    (b.created_at AT TIME ZONE l.timezone)::date,
    coalesce((SELECT min(a.starts_at AT TIME ZONE l.timezone)::date FROM appointments a
              WHERE a.franchise_id = b.franchise_id AND a.barber_id = b.id), 'infinity'::date)
  ),
  coalesce((SELECT jsonb_agg(jsonb_build_object('weekday', w.weekday, 'start', to_char(w.start_time, 'HH24:MI'), 'end', to_char(w.end_time, 'HH24:MI'))
                             ORDER BY w.weekday, w.start_time)
            FROM weekly_hours w WHERE w.franchise_id = b.franchise_id AND w.barber_id = b.id), '[]'::jsonb)
FROM barbers b
JOIN locations l ON l.franchise_id = b.franchise_id AND l.id = b.location_id;

-- Like every franchise table, writes wait for and obey a move's fence (0002).
CREATE TRIGGER franchise_fence_guard BEFORE INSERT OR UPDATE OR DELETE ON weekly_hours_versions
  FOR EACH ROW EXECUTE FUNCTION franchise_fence_check();
