-- A rollback claims its move before touching anything, and the flip requires
-- that no rollback has claimed it: a mover that lost its lock session and a
-- resume that took over can never both act (one flips, or the other rolls back).
ALTER TABLE franchise_moves ADD COLUMN rollback_started_at timestamptz;
