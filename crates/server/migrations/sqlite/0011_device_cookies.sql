-- Device cookies (auth/device.rs): a client that signed in before proves it with a cookie signed
-- by this key, the same for every instance on the database, made by whichever needs it first.
CREATE TABLE server_keys (
    name       TEXT PRIMARY KEY,
    key        TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The sign-in limiter also counts failures per device cookie ('device') and across the server
-- ('global'). SQLite cannot change a CHECK constraint: the table is made again. It holds at most
-- the last fifteen minutes of failures, which an upgrade may forget.
DROP TABLE login_failures;
CREATE TABLE login_failures (
    kind      TEXT NOT NULL CHECK (kind IN ('account', 'address', 'device', 'global')),
    key       TEXT NOT NULL,
    failures  INTEGER NOT NULL,
    first_at  TEXT NOT NULL,
    last_at   TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX login_failures_by_last ON login_failures (last_at);
