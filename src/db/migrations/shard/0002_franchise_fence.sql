-- Write fence for online franchise moves (DESIGN.md section 5; research
-- online-moves.md 7.2). A franchise with no fence row is active here.
--   importing: the target of a move; only logical replication may write.
--   fenced:    the source during a move's cut-over; writes are refused.
--   moved:     the old source after the flip; writes are refused so a stale
--              router learns to look the placement up again.
-- NOT published: each side of a move has its own fence.
CREATE TABLE franchise_fence (
  franchise_id uuid PRIMARY KEY,
  state        text NOT NULL CHECK (state IN ('active', 'importing', 'fenced', 'moved')),
  epoch        bigint NOT NULL DEFAULT 0,
  move_id      uuid,
  moved_to     text,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Written on the source after the fence; seeing it on the target proves every
-- earlier write of the franchise was applied there (apply keeps commit order).
-- Published with the franchise's rows.
CREATE TABLE move_markers (
  franchise_id uuid NOT NULL,
  move_id      uuid NOT NULL,
  token        uuid NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (franchise_id, move_id, token)
);

-- Every franchise-row write takes the franchise's fence lock in shared mode
-- (held to commit), then reads the fence in a separate statement. The mover
-- raises a fence by taking the same lock exclusively, so it waits for every
-- write transaction already in flight, and writers arriving meanwhile queue
-- behind it (heavyweight locks queue fairly; FOR SHARE row locks would let a
-- stream of writers starve the fence). The state is read by a second statement
-- so that, in READ COMMITTED, its snapshot is taken after the lock wait.
-- Writers must use READ COMMITTED (every application write does).
-- Logical-replication apply runs with session_replication_role = replica, so
-- this trigger does not fire for replicated rows: a target in 'importing'
-- refuses application writes but accepts the subscription's.
-- The mover's own cleanup sets bookedbarber.fence_bypass = 'on' (SET LOCAL).
CREATE FUNCTION franchise_fence_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fid uuid;
  fence_state text;
  fence_target text;
BEGIN
  IF TG_OP = 'DELETE' THEN fid := OLD.franchise_id; ELSE fid := NEW.franchise_id; END IF;
  IF current_setting('bookedbarber.fence_bypass', true) = 'on' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(1112425805, hashtext(fid::text));
  SELECT state, moved_to INTO fence_state, fence_target FROM franchise_fence WHERE franchise_id = fid;
  IF fence_state IS NOT NULL AND fence_state <> 'active' THEN
    RAISE EXCEPTION 'franchise % is % on this shard%', fid, fence_state,
      CASE WHEN fence_target IS NULL THEN '' ELSE ' (now on ' || fence_target || ')' END
      USING ERRCODE = 'BBM01', HINT = 'look the placement up again and retry';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;

DO $$
DECLARE
  t regclass;
BEGIN
  FOR t IN
    SELECT c.oid::regclass
    FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'franchise_id' AND NOT a.attisdropped
    WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
      AND c.relname NOT IN ('franchise_fence', 'move_markers')
  LOOP
    EXECUTE format('CREATE TRIGGER franchise_fence_guard BEFORE INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION franchise_fence_check()', t);
  END LOOP;
END;
$$;
