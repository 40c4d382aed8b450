-- Transactional outbox (DESIGN.md section 11, issue 16). A row is written in the
-- same transaction as the booking change that causes it; workers claim due rows
-- with FOR UPDATE SKIP LOCKED and a lease, then send. franchise_id leads the key
-- so the outbox moves with its franchise like every shard table.
CREATE TABLE outbox (
  franchise_id        uuid NOT NULL,
  id                  uuid NOT NULL,
  location_id         uuid NOT NULL,
  -- The booking the message is about; NULL for messages about no booking
  -- (invitations, password resets later).
  appointment_id      uuid,
  -- The booking's start when the message was queued: a reminder whose booking
  -- has moved since is skipped at send time.
  appointment_starts_at timestamptz,
  kind                text NOT NULL CHECK (kind IN (
                        'confirmation', 'reschedule', 'cancellation', 'reminder', 'barber_notice',
                        'invitation', 'password_reset', 'receipt')),
  channel             text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient           text NOT NULL,
  -- (booking, kind, start time, channel, recipient role): a retried request or a
  -- replayed Idempotency-Key inserts nothing new (ON CONFLICT DO NOTHING).
  dedupe_key          text NOT NULL,
  send_after          timestamptz NOT NULL,
  status              text NOT NULL DEFAULT 'queued' CHECK (status IN (
                        'queued', 'sending', 'sent', 'delivered', 'failed', 'dead', 'skipped', 'logged')),
  attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  lease_owner         text,
  lease_expires_at    timestamptz,
  last_error          text,
  provider_message_id text,
  -- What was sent (or, with no provider configured, what would have been sent).
  subject             text,
  body_text           text,
  body_html           text,
  sent_at             timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, id),
  UNIQUE (franchise_id, dedupe_key),
  FOREIGN KEY (franchise_id, location_id) REFERENCES locations (franchise_id, id)
);

-- The dispatcher's claim: due rows only, so the index stays small as history grows.
CREATE INDEX outbox_due_idx ON outbox (send_after) WHERE status IN ('queued', 'sending', 'failed');
CREATE INDEX outbox_appointment_idx ON outbox (franchise_id, appointment_id);
CREATE INDEX outbox_location_idx ON outbox (franchise_id, location_id, created_at DESC);
-- Twilio status callbacks name the provider's message id.
CREATE INDEX outbox_provider_message_idx ON outbox (provider_message_id) WHERE provider_message_id IS NOT NULL;

-- The move fence guards every franchise table; 0002 attached it to the tables of its time.
CREATE TRIGGER franchise_fence_guard BEFORE INSERT OR UPDATE OR DELETE ON outbox
  FOR EACH ROW EXECUTE FUNCTION franchise_fence_check();
-- Dead messages wait for a person: counted for the alert, listed first for staff.
CREATE INDEX outbox_dead_idx ON outbox (franchise_id, location_id) WHERE status = 'dead';
