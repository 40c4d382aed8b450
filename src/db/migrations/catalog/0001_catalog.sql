-- The control plane: where every franchise lives, the public location directory,
-- and global identities. Small, read mostly, cached by every API node.

CREATE TABLE regions (
  name       text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shards (
  id                 text PRIMARY KEY,
  region             text NOT NULL REFERENCES regions (name),
  primary_url        text NOT NULL,
  replica_urls       text[] NOT NULL DEFAULT '{}',
  state              text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'draining', 'readonly')),
  weight             integer NOT NULL DEFAULT 100 CHECK (weight > 0),
  -- A shared shard (the single database of a one-node install) takes franchises
  -- of any region until that region has a shard of its own.
  accepts_any_region boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE franchises (
  id                uuid PRIMARY KEY,
  slug              text NOT NULL UNIQUE,
  name              text NOT NULL,
  region            text NOT NULL REFERENCES regions (name),
  shard_id          text NOT NULL REFERENCES shards (id),
  placement_version bigint NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX franchises_shard_idx ON franchises (shard_id);

-- Public links name a location by slug; this resolves it to its franchise.
CREATE TABLE location_directory (
  id           uuid PRIMARY KEY,
  franchise_id uuid NOT NULL REFERENCES franchises (id),
  slug         text NOT NULL UNIQUE
);
CREATE INDEX location_directory_franchise_idx ON location_directory (franchise_id);

CREATE TABLE users (
  id                uuid PRIMARY KEY,
  email             text NOT NULL,
  name              text NOT NULL,
  password_hash     text NOT NULL,
  is_platform_admin boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
  user_id      uuid NOT NULL REFERENCES users (id),
  franchise_id uuid NOT NULL REFERENCES franchises (id),
  role         text NOT NULL CHECK (role IN ('owner', 'manager', 'barber')),
  -- NULL: every location of the franchise.
  location_ids uuid[],
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, franchise_id)
);
CREATE INDEX memberships_franchise_idx ON memberships (franchise_id);

-- Platform-wide secrets and switches shared by every API node (e.g. the key
-- that signs manage tokens), created once by the first migration run.
CREATE TABLE platform_settings (
  key   text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO platform_settings (key, value)
VALUES ('manage_token_secret', encode(sha256(gen_random_uuid()::text::bytea || clock_timestamp()::text::bytea || gen_random_uuid()::text::bytea), 'hex'));

-- Routers drop their cached placement of a franchise when it changes.
CREATE FUNCTION notify_placement_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('franchise_placement', NEW.id::text);
  RETURN NEW;
END;
$$;
CREATE TRIGGER franchises_placement_notify
  AFTER UPDATE OF shard_id, placement_version ON franchises
  FOR EACH ROW EXECUTE FUNCTION notify_placement_change();
