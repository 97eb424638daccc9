-- Sésame's schema on PostgreSQL: in one migration, the schema SQLite reaches after its nine
-- (crates/server/migrations/sqlite). Same tables, columns, constraints and indexes, so the SQL of
-- `db/` runs unchanged on both engines:
-- - ids are TEXT made by the server, instants RFC 3339 TEXT in UTC (which sorts chronologically);
-- - every TEXT column is COLLATE "C": comparisons and ORDER BY go byte by byte, as SQLite's do,
--   whatever the locale the cluster was created with (a lease or a name sorts the same on both);
-- - whole numbers the server reads as i64 are BIGINT (sqlx decodes INTEGER as i32 only), the
--   label offsets, read as i32, INTEGER;
-- - the outbox's id is an identity column where SQLite has its INTEGER PRIMARY KEY rowid.

CREATE TABLE structures (
    id                     TEXT COLLATE "C" PRIMARY KEY,
    uai                    TEXT COLLATE "C" NOT NULL UNIQUE,
    name                   TEXT COLLATE "C" NOT NULL,
    time_zone              TEXT COLLATE "C" NOT NULL DEFAULT 'Europe/Paris',
    ent_name               TEXT COLLATE "C" NOT NULL DEFAULT '',
    login_url              TEXT COLLATE "C" NOT NULL DEFAULT '',
    activation_url         TEXT COLLATE "C" NOT NULL DEFAULT '',
    help_text              TEXT COLLATE "C" NOT NULL DEFAULT '',
    sender_address         TEXT COLLATE "C" NOT NULL DEFAULT '',
    external_sign_in       TEXT COLLATE "C" NOT NULL DEFAULT 'Teacher,Relative',
    label_offset_x_tenths  INTEGER NOT NULL DEFAULT 0,
    label_offset_y_tenths  INTEGER NOT NULL DEFAULT 0,
    directory_version      TEXT COLLATE "C" NOT NULL DEFAULT ''
);

CREATE TABLE classes (
    id            TEXT COLLATE "C" PRIMARY KEY,
    structure_id  TEXT COLLATE "C" NOT NULL REFERENCES structures (id),
    name          TEXT COLLATE "C" NOT NULL,
    UNIQUE (structure_id, name)
);

CREATE TABLE imports (
    id               TEXT COLLATE "C" PRIMARY KEY,
    structure_id     TEXT COLLATE "C" NOT NULL REFERENCES structures (id),
    admin_login      TEXT COLLATE "C",
    file_name        TEXT COLLATE "C" NOT NULL,
    at               TEXT COLLATE "C" NOT NULL,
    created          BIGINT NOT NULL,
    updated          BIGINT NOT NULL,
    unchanged        BIGINT NOT NULL,
    classes_created  BIGINT NOT NULL
);
CREATE INDEX imports_by_structure ON imports (structure_id, at);

CREATE TABLE users (
    id               TEXT COLLATE "C" PRIMARY KEY,
    structure_id     TEXT COLLATE "C" NOT NULL REFERENCES structures (id),
    profile          TEXT COLLATE "C" NOT NULL
                     CHECK (profile IN ('Student', 'Teacher', 'Relative', 'Personnel', 'Guest')),
    first_name       TEXT COLLATE "C" NOT NULL,
    last_name        TEXT COLLATE "C" NOT NULL,
    login            TEXT COLLATE "C" NOT NULL,
    activation_code  TEXT COLLATE "C",
    email            TEXT COLLATE "C",
    created_at       TEXT COLLATE "C" NOT NULL,
    blocked          BOOLEAN NOT NULL DEFAULT FALSE,
    local_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    login_key        TEXT COLLATE "C",
    ent_login_key    TEXT COLLATE "C",
    central_admin    BOOLEAN NOT NULL DEFAULT FALSE,
    import_id        TEXT COLLATE "C",
    UNIQUE (structure_id, login)
);
CREATE INDEX users_by_structure ON users (structure_id);
CREATE INDEX users_by_login_key ON users (login_key);
CREATE INDEX users_by_ent_login_key ON users (ent_login_key);

CREATE TABLE memberships (
    user_id   TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id  TEXT COLLATE "C" NOT NULL REFERENCES classes (id),
    PRIMARY KEY (user_id, class_id)
);
-- SQLite finds a class's memberships through its primary key's second column by scanning; on
-- PostgreSQL the directory read joins on it.
CREATE INDEX memberships_by_class ON memberships (class_id);

CREATE TABLE children (
    relative_id  TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position     BIGINT NOT NULL,
    first_name   TEXT COLLATE "C" NOT NULL,
    last_name    TEXT COLLATE "C" NOT NULL,
    class_name   TEXT COLLATE "C",
    PRIMARY KEY (relative_id, position)
);

CREATE TABLE admins (
    login          TEXT COLLATE "C" PRIMARY KEY,
    display_name   TEXT COLLATE "C" NOT NULL,
    password_hash  TEXT COLLATE "C" NOT NULL,
    role           TEXT COLLATE "C" NOT NULL CHECK (role IN ('central', 'local')),
    login_key      TEXT COLLATE "C",
    disabled       BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX admins_by_login_key ON admins (login_key);

CREATE TABLE admin_structures (
    admin_login   TEXT COLLATE "C" NOT NULL REFERENCES admins (login) ON DELETE CASCADE,
    structure_id  TEXT COLLATE "C" NOT NULL REFERENCES structures (id),
    PRIMARY KEY (admin_login, structure_id)
);

CREATE TABLE sessions (
    token_hash   TEXT COLLATE "C" PRIMARY KEY,
    admin_login  TEXT COLLATE "C" NOT NULL REFERENCES admins (login) ON DELETE CASCADE,
    csrf_token   TEXT COLLATE "C" NOT NULL,
    created_at   TEXT COLLATE "C" NOT NULL,
    expires_at   TEXT COLLATE "C" NOT NULL
);

CREATE TABLE distributions (
    id            TEXT COLLATE "C" PRIMARY KEY,
    structure_id  TEXT COLLATE "C" NOT NULL REFERENCES structures (id),
    admin_login   TEXT COLLATE "C" NOT NULL,
    channel       TEXT COLLATE "C" NOT NULL CHECK (channel IN ('pdf', 'mail', 'csv')),
    at            TEXT COLLATE "C" NOT NULL
);
CREATE INDEX distributions_by_structure ON distributions (structure_id);

CREATE TABLE distribution_users (
    distribution_id  TEXT COLLATE "C" NOT NULL REFERENCES distributions (id) ON DELETE CASCADE,
    user_id          TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (distribution_id, user_id)
);
CREATE INDEX distribution_users_by_user ON distribution_users (user_id);

CREATE TABLE mailings (
    id               TEXT COLLATE "C" PRIMARY KEY,
    structure_id     TEXT COLLATE "C" NOT NULL REFERENCES structures (id),
    admin_login      TEXT COLLATE "C" NOT NULL,
    idempotency_key  TEXT COLLATE "C" NOT NULL,
    queued           BIGINT NOT NULL,
    skipped_no_email BIGINT NOT NULL,
    created_at       TEXT COLLATE "C" NOT NULL,
    UNIQUE (admin_login, structure_id, idempotency_key)
);

CREATE TABLE outbox (
    id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    mailing_id       TEXT COLLATE "C" NOT NULL REFERENCES mailings (id) ON DELETE CASCADE,
    user_id          TEXT COLLATE "C" NOT NULL,
    state            TEXT COLLATE "C" NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  TEXT COLLATE "C" NOT NULL,
    error            TEXT COLLATE "C",
    sent_at          TEXT COLLATE "C",
    lease_until      TEXT COLLATE "C",
    UNIQUE (mailing_id, user_id)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_leases ON outbox (state, lease_until);

CREATE TABLE login_failures (
    kind      TEXT COLLATE "C" NOT NULL CHECK (kind IN ('account', 'address')),
    key       TEXT COLLATE "C" NOT NULL,
    failures  BIGINT NOT NULL,
    first_at  TEXT COLLATE "C" NOT NULL,
    last_at   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX login_failures_by_last ON login_failures (last_at);
