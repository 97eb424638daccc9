-- Sésame's directory, admin accounts, sessions and distribution log.
-- Plain SQL that PostgreSQL also accepts: TEXT ids made by the server, booleans as BOOLEAN,
-- instants as RFC 3339 TEXT in UTC (which sorts chronologically).

CREATE TABLE structures (
    id              TEXT PRIMARY KEY,
    uai             TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    time_zone       TEXT NOT NULL DEFAULT 'Europe/Paris',
    ent_name        TEXT NOT NULL DEFAULT '',
    login_url       TEXT NOT NULL DEFAULT '',
    activation_url  TEXT NOT NULL DEFAULT '',
    help_text       TEXT NOT NULL DEFAULT '',
    sender_address  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE classes (
    id            TEXT PRIMARY KEY,
    structure_id  TEXT NOT NULL REFERENCES structures (id),
    name          TEXT NOT NULL,
    UNIQUE (structure_id, name)
);

-- One row per account of a structure. `activation_code` is NULL once activated.
CREATE TABLE users (
    id               TEXT PRIMARY KEY,
    structure_id     TEXT NOT NULL REFERENCES structures (id),
    profile          TEXT NOT NULL CHECK (profile IN ('Student', 'Teacher', 'Relative', 'Personnel', 'Guest')),
    first_name       TEXT NOT NULL,
    last_name        TEXT NOT NULL,
    login            TEXT NOT NULL,
    activation_code  TEXT,
    email            TEXT,
    created_at       TEXT NOT NULL,
    blocked          BOOLEAN NOT NULL DEFAULT FALSE,
    local_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (structure_id, login)
);
CREATE INDEX users_by_structure ON users (structure_id);

CREATE TABLE memberships (
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id  TEXT NOT NULL REFERENCES classes (id),
    PRIMARY KEY (user_id, class_id)
);

-- A relative's children, as printed on the relative's letter.
CREATE TABLE children (
    relative_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    class_name   TEXT,
    PRIMARY KEY (relative_id, position)
);

-- Sésame's own administrators (not directory users). Passwords are Argon2id PHC strings.
CREATE TABLE admins (
    login          TEXT PRIMARY KEY,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('central', 'local'))
);

-- The structures a local administrator may see.
CREATE TABLE admin_structures (
    admin_login   TEXT NOT NULL REFERENCES admins (login) ON DELETE CASCADE,
    structure_id  TEXT NOT NULL REFERENCES structures (id),
    PRIMARY KEY (admin_login, structure_id)
);

-- Sessions are found by the SHA-256 of their cookie token: a leaked database holds no usable token.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    admin_login  TEXT NOT NULL REFERENCES admins (login) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);

-- Who produced letters (PDF) or e-mails for which accounts, and when. Never the codes.
CREATE TABLE distributions (
    id            TEXT PRIMARY KEY,
    structure_id  TEXT NOT NULL REFERENCES structures (id),
    admin_login   TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('pdf', 'mail')),
    at            TEXT NOT NULL
);
CREATE TABLE distribution_users (
    distribution_id  TEXT NOT NULL REFERENCES distributions (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL,
    PRIMARY KEY (distribution_id, user_id)
);
CREATE INDEX distribution_users_by_user ON distribution_users (user_id);
