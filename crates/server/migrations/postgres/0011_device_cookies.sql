-- Device cookies (auth/device.rs): a client that signed in before proves it with a cookie signed
-- by this key, the same for every instance on the database, made by whichever needs it first.
CREATE TABLE server_keys (
    name       TEXT COLLATE "C" PRIMARY KEY,
    key        TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
);

-- The sign-in limiter also counts failures per device cookie ('device') and across the server
-- ('global'). Made again, as on SQLite (which cannot change a CHECK constraint): it holds at
-- most the last fifteen minutes of failures.
DROP TABLE login_failures;
CREATE TABLE login_failures (
    kind      TEXT COLLATE "C" NOT NULL CHECK (kind IN ('account', 'address', 'device', 'global')),
    key       TEXT COLLATE "C" NOT NULL,
    failures  BIGINT NOT NULL,
    first_at  TEXT COLLATE "C" NOT NULL,
    last_at   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX login_failures_by_last ON login_failures (last_at);
