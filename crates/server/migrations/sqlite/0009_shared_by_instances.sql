-- What several `sesame serve` processes on one database share through it.

-- The outbox's lease: a row `sending` belongs to the worker that claimed it until `lease_until`;
-- after that any instance may take it over (its owner died mid-send). Replaces the requeue of
-- every `sending` row at start, which would steal the rows of instances still alive.
ALTER TABLE outbox ADD COLUMN lease_until TEXT;
CREATE INDEX outbox_leases ON outbox (state, lease_until);
-- A row the version before leases left `sending` (stopped mid-send for this upgrade) has no lease
-- to end: it goes back to the queue, as that version's start did. Only one process ran then, and
-- migrations run before any worker starts.
UPDATE outbox SET state = 'queued' WHERE state = 'sending';

-- The sign-in rate limiter's records (`auth/rate_limit.rs`), so that a brute force spread over
-- instances meets one limit. `kind` is 'account' (a login key) or 'address' (a client IP).
CREATE TABLE login_failures (
    kind      TEXT NOT NULL CHECK (kind IN ('account', 'address')),
    key       TEXT NOT NULL,
    failures  INTEGER NOT NULL,
    first_at  TEXT NOT NULL,
    last_at   TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX login_failures_by_last ON login_failures (last_at);
