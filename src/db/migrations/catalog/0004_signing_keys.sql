-- Keys that sign manage links and the read-your-writes cookie (issue 11 items
-- 5 and 6). Tokens carry the id of the key that signed them, so a new key can
-- take over signing while links already sent keep verifying until their key
-- is retired. The newest key that is not retired signs.
CREATE TABLE signing_keys (
  id         integer PRIMARY KEY CHECK (id BETWEEN 1 AND 65535),
  secret     text NOT NULL CHECK (length(secret) >= 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);

-- Key 1 is the secret every link so far was signed with (the old, key-less format).
INSERT INTO signing_keys (id, secret)
SELECT 1, value FROM platform_settings WHERE key = 'manage_token_secret';
INSERT INTO signing_keys (id, secret)
SELECT 1, encode(sha256(gen_random_uuid()::text::bytea || clock_timestamp()::text::bytea), 'hex')
WHERE NOT EXISTS (SELECT 1 FROM signing_keys);
DELETE FROM platform_settings WHERE key = 'manage_token_secret';
