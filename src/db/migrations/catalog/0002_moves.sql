-- Online franchise moves (DESIGN.md section 5, docs/MOVES.md). One row per move,
-- written by the mover at every phase so a crashed move can be resumed (after
-- the flip) or rolled back (before it) from here plus the shards' replication
-- catalogs.
--
-- Locks (session advisory locks on the catalog, keys defined once in
-- src/modules/moves/move-locks.ts):
--   * (1112425806, 1)            schema-migration lock: "bookedbarber migrate" takes it
--                                exclusively, every running move holds it shared, so a
--                                migration and a move never interleave.
--   * (1112425807, hash(move))   held by the process driving a move: "resume" skips
--                                moves whose driver is still alive.

CREATE TABLE franchise_moves (
  id                 uuid PRIMARY KEY,
  franchise_id       uuid NOT NULL REFERENCES franchises (id),
  source_shard       text NOT NULL REFERENCES shards (id),
  target_shard       text NOT NULL REFERENCES shards (id),
  -- The last phase that completed: planned → prepared → copying → synced → fenced
  -- → caught_up → verified → detached → flipped → unfenced → cleaned.
  phase              text NOT NULL DEFAULT 'planned',
  status             text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'rolled_back', 'failed')),
  -- The placement version the flip compares against (compare-and-swap).
  placement_version  bigint NOT NULL,
  -- Replication objects: publication on the source, subscription (and slot) named alike.
  replication_name   text NOT NULL,
  subscription_oid   bigint,
  fence_lsn          text,
  marker_token       uuid,
  created_at         timestamptz NOT NULL DEFAULT now(),
  prepared_at        timestamptz,
  synced_at          timestamptz,
  fenced_at          timestamptz,
  caught_up_at       timestamptz,
  verified_at        timestamptz,
  flipped_at         timestamptz,
  unfenced_at        timestamptz,
  source_cleaned_at  timestamptz,
  finished_at        timestamptz,
  -- Write pause as measured by the mover: fence committed → target unfenced.
  pause_ms           integer,
  rows_copied        bigint,
  bytes_copied       bigint,
  leftover_rows_deleted bigint NOT NULL DEFAULT 0,
  error              text,
  CHECK (source_shard <> target_shard)
);
CREATE INDEX franchise_moves_franchise_idx ON franchise_moves (franchise_id, created_at DESC);
-- At most one unfinished move per franchise.
CREATE UNIQUE INDEX franchise_moves_one_running ON franchise_moves (franchise_id) WHERE status = 'running';
