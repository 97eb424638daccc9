-- One ENT account may belong to several schools: a parent with children at the école and the
-- collège, a teacher in two schools, is one account (one Id, one login). Until now a `users` row
-- belonged to one structure, so importing the second school's export failed on the account's id.
--
-- `users` keeps what is the account's own (names, login, code, address, dates, blocked);
-- `structure_users` says which schools list it, with what is each school's (its local
-- administration, the import that brought it there). Classes already belong to a school, so
-- `memberships` needs nothing new; a relative's children, as the letter prints them, are each
-- school's: `children` gains the school.
--
-- `local_claim`: TRUE for an account a local administrator's import wrote under the login of a
-- central administrator (`db/import_write.rs`). Such an account is not the central
-- administrator's own and is not hidden from them (`db/central_marks.rs`): the import of a local
-- administrator behaves the same whatever the logins in the file, instead of hiding what it just
-- wrote (which told them whose login it was).
--
-- SQLite cannot drop a column under a constraint (`UNIQUE (structure_id, login)`) in place: the
-- three tables are copied into new ones and renamed, as migration 0006 did. The old children and
-- memberships go before the old users, so no row is deleted through ON DELETE CASCADE, and
-- renaming the new users table points the new tables' foreign keys at it.

CREATE TABLE users_new (
    id               TEXT PRIMARY KEY,
    profile          TEXT NOT NULL CHECK (profile IN ('Student', 'Teacher', 'Relative', 'Personnel', 'Guest')),
    first_name       TEXT NOT NULL,
    last_name        TEXT NOT NULL,
    login            TEXT NOT NULL,
    activation_code  TEXT,
    email            TEXT,
    created_at       TEXT NOT NULL,
    blocked          BOOLEAN NOT NULL DEFAULT FALSE,
    login_key        TEXT,
    ent_login_key    TEXT,
    central_admin    BOOLEAN NOT NULL DEFAULT FALSE,
    local_claim      BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO users_new (id, profile, first_name, last_name, login, activation_code, email, created_at,
                       blocked, login_key, ent_login_key, central_admin)
    SELECT id, profile, first_name, last_name, login, activation_code, email, created_at,
           blocked, login_key, ent_login_key, central_admin FROM users;

CREATE TABLE structure_users (
    structure_id  TEXT NOT NULL REFERENCES structures (id),
    user_id       TEXT NOT NULL REFERENCES users_new (id) ON DELETE CASCADE,
    -- Has the ADMIN_LOCAL function for this school.
    local_admin   BOOLEAN NOT NULL DEFAULT FALSE,
    -- The import that brought the account into this school (« nouveaux comptes du dernier
    -- import »); NULL for accounts older than the imports' record.
    import_id     TEXT,
    PRIMARY KEY (structure_id, user_id)
);
CREATE INDEX structure_users_by_user ON structure_users (user_id);
INSERT INTO structure_users (structure_id, user_id, local_admin, import_id)
    SELECT structure_id, id, local_admin, import_id FROM users;

CREATE TABLE memberships_new (
    user_id   TEXT NOT NULL REFERENCES users_new (id) ON DELETE CASCADE,
    class_id  TEXT NOT NULL REFERENCES classes (id),
    PRIMARY KEY (user_id, class_id)
);
INSERT INTO memberships_new (user_id, class_id) SELECT user_id, class_id FROM memberships;

CREATE TABLE children_new (
    relative_id   TEXT NOT NULL REFERENCES users_new (id) ON DELETE CASCADE,
    structure_id  TEXT NOT NULL REFERENCES structures (id),
    position      INTEGER NOT NULL,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    class_name    TEXT,
    PRIMARY KEY (relative_id, structure_id, position)
);
INSERT INTO children_new (relative_id, structure_id, position, first_name, last_name, class_name)
    SELECT c.relative_id, u.structure_id, c.position, c.first_name, c.last_name, c.class_name
    FROM children c JOIN users u ON u.id = c.relative_id;

DROP TABLE children;
DROP TABLE memberships;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
ALTER TABLE memberships_new RENAME TO memberships;
ALTER TABLE children_new RENAME TO children;
CREATE INDEX users_by_login_key ON users (login_key);
CREATE INDEX users_by_ent_login_key ON users (ent_login_key);

-- What each import did to accounts of other schools and to absent ones.
ALTER TABLE imports ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
