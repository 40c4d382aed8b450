-- Idempotency keys expire (IDEMPOTENCY_KEY_TTL_HOURS): the sweep finds the
-- oldest rows by this index instead of scanning the table.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
