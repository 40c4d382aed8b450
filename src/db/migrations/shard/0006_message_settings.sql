-- Per-location message settings and the suppression list (issue 16). Both lead
-- with franchise_id, so they move with the franchise like every shard table.

-- A location without a row uses the defaults below (reminders 24 h and 2 h
-- before, texts on, no texts from 21:00 to 08:00 in the shop's zone).
CREATE TABLE location_message_settings (
  franchise_id              uuid NOT NULL,
  location_id               uuid NOT NULL,
  reminder_offsets_minutes  integer[] NOT NULL DEFAULT '{1440,120}'
                            CHECK (cardinality(reminder_offsets_minutes) <= 5
                                   AND 0 < ALL (reminder_offsets_minutes) AND 20160 >= ALL (reminder_offsets_minutes)),
  sms_enabled               boolean NOT NULL DEFAULT true,
  quiet_start               time NOT NULL DEFAULT '21:00',
  quiet_end                 time NOT NULL DEFAULT '08:00',
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, location_id),
  FOREIGN KEY (franchise_id, location_id) REFERENCES locations (franchise_id, id)
);

-- Who asked not to hear from this franchise: an email unsubscribe stops reminders
-- to that address (confirmations and cancellations of a booking they made still
-- go); an SMS STOP stops every text to that number. START removes the row.
CREATE TABLE message_suppressions (
  franchise_id  uuid NOT NULL,
  channel       text NOT NULL CHECK (channel IN ('email', 'sms')),
  -- Lower-cased email or E.164 phone, as the outbox stores recipients.
  recipient     text NOT NULL,
  reason        text NOT NULL CHECK (reason IN ('unsubscribe', 'stop')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, channel, recipient)
);

CREATE TRIGGER franchise_fence_guard BEFORE INSERT OR UPDATE OR DELETE ON location_message_settings
  FOR EACH ROW EXECUTE FUNCTION franchise_fence_check();
CREATE TRIGGER franchise_fence_guard BEFORE INSERT OR UPDATE OR DELETE ON message_suppressions
  FOR EACH ROW EXECUTE FUNCTION franchise_fence_check();
