-- Logins compared case-insensitively, central administrators' directory
-- accounts marked explicitly, administrators that can be disabled.
--
-- `login_key` columns hold a login folded by the server (`db::login_key`: NFKC, lowercase,
-- trimmed). They are computed in Rust only, never by SQL, so one folding rule serves SQLite and
-- PostgreSQL alike; rows that predate this migration get theirs when the server next opens the
-- database (NULL means "not computed yet").

ALTER TABLE admins ADD COLUMN login_key TEXT;
-- A disabled administrator cannot sign in, and their sessions are revoked when disabled.
ALTER TABLE admins ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
-- Two administrators whose logins differ only by case would be one person to everyone else.
CREATE UNIQUE INDEX admins_by_login_key ON admins (login_key);

-- The key of `login` (the alias when the export gave one) and, when an alias replaced it, the key
-- of the ENT's own generated login: a central administrator's account is recognised by either.
ALTER TABLE users ADD COLUMN login_key TEXT;
ALTER TABLE users ADD COLUMN ent_login_key TEXT;
-- TRUE when the account is a central Sésame administrator's own directory account: never shown,
-- mailed or logged to a local administrator. Kept up to date when admins or imports change it
-- (db::central_marks), read as a plain column (no string comparison at read time).
ALTER TABLE users ADD COLUMN central_admin BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX users_by_login_key ON users (login_key);
CREATE INDEX users_by_ent_login_key ON users (ent_login_key);
