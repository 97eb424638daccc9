-- The mail outbox (DESIGN §6): one mailing per request, one outbox row per recipient.
-- Rows hold ids, never a composed message: the worker builds each e-mail from the directory at
-- send time, so no activation code is copied into another table.

CREATE TABLE mailings (
    id               TEXT PRIMARY KEY,
    structure_id     TEXT NOT NULL REFERENCES structures (id),
    admin_login      TEXT NOT NULL,
    -- Chosen by the browser; the same key from the same admin for the same structure returns
    -- this mailing instead of sending again.
    idempotency_key  TEXT NOT NULL,
    queued           INTEGER NOT NULL,
    skipped_no_email INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (admin_login, structure_id, idempotency_key)
);

-- queued → sending → sent | failed. `attempts` counts claims; `next_attempt_at` delays a retry.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    mailing_id       TEXT NOT NULL REFERENCES mailings (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    error            TEXT,
    sent_at          TEXT,
    UNIQUE (mailing_id, user_id)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
