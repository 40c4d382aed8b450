-- Staff invitations, password resets and the account messages that carry their links
-- (issue 17 item 4). All three are about accounts, which live in the catalog.

-- A pending grant: nothing is given until the invited person accepts the link.
CREATE TABLE invitations (
  id           uuid PRIMARY KEY,
  franchise_id uuid NOT NULL REFERENCES franchises (id),
  email        text NOT NULL,
  role         text NOT NULL CHECK (role IN ('owner', 'manager', 'barber')),
  -- NULL: every location of the franchise (as memberships.location_ids).
  location_ids uuid[],
  -- A barber invitation may name the column the sign-in is tied to on acceptance.
  barber_id    uuid,
  invited_by   uuid NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  accepted_at  timestamptz,
  accepted_by  uuid REFERENCES users (id),
  revoked_at   timestamptz,
  CHECK (accepted_at IS NULL OR revoked_at IS NULL)
);
-- One pending invitation per franchise and email: inviting again replaces it.
CREATE UNIQUE INDEX invitations_pending_key ON invitations (franchise_id, lower(email))
  WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitations_franchise_idx ON invitations (franchise_id, created_at DESC);

-- A reset link names one of these rows; it works once, before expires_at.
CREATE TABLE password_resets (
  id         uuid PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id, created_at DESC);

-- Messages about an account rather than a franchise (a password reset has no
-- shard to live on). Same columns and statuses as the shards' outbox, so the
-- one dispatcher and its channels send both.
CREATE TABLE account_messages (
  id                  uuid PRIMARY KEY,
  kind                text NOT NULL CHECK (kind IN ('password_reset')),
  channel             text NOT NULL DEFAULT 'email' CHECK (channel IN ('email')),
  recipient           text NOT NULL,
  user_id             uuid REFERENCES users (id),
  -- The row the message is about (password_resets.id): the link is rendered from it at send time.
  subject_id          uuid NOT NULL,
  dedupe_key          text NOT NULL UNIQUE,
  send_after          timestamptz NOT NULL DEFAULT now(),
  status              text NOT NULL DEFAULT 'queued' CHECK (status IN (
                        'queued', 'sending', 'sent', 'delivered', 'failed', 'dead', 'skipped', 'logged')),
  attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  lease_owner         text,
  lease_expires_at    timestamptz,
  last_error          text,
  provider_message_id text,
  subject             text,
  body_text           text,
  body_html           text,
  sent_at             timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_messages_due_idx ON account_messages (send_after) WHERE status IN ('queued', 'sending', 'failed');
CREATE INDEX account_messages_user_idx ON account_messages (user_id, created_at DESC);
