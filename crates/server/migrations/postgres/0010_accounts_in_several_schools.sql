-- One ENT account may belong to several schools (the SQLite migration of the same number says
-- why, and what each table now holds). Numbered as SQLite's: the same change on both engines
-- has the same version.

CREATE TABLE structure_users (
    structure_id  TEXT COLLATE "C" NOT NULL REFERENCES structures (id),
    user_id       TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    local_admin   BOOLEAN NOT NULL DEFAULT FALSE,
    import_id     TEXT COLLATE "C",
    PRIMARY KEY (structure_id, user_id)
);
CREATE INDEX structure_users_by_user ON structure_users (user_id);
INSERT INTO structure_users (structure_id, user_id, local_admin, import_id)
    SELECT structure_id, id, local_admin, import_id FROM users;

ALTER TABLE children ADD COLUMN structure_id TEXT COLLATE "C" REFERENCES structures (id);
UPDATE children c SET structure_id = u.structure_id FROM users u WHERE u.id = c.relative_id;
ALTER TABLE children ALTER COLUMN structure_id SET NOT NULL;
ALTER TABLE children DROP CONSTRAINT children_pkey;
ALTER TABLE children ADD PRIMARY KEY (relative_id, structure_id, position);

-- Drops `UNIQUE (structure_id, login)` and `users_by_structure` with the column.
ALTER TABLE users DROP COLUMN structure_id;
ALTER TABLE users DROP COLUMN local_admin;
ALTER TABLE users DROP COLUMN import_id;
ALTER TABLE users ADD COLUMN local_claim BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE imports ADD COLUMN shared BIGINT NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN removed BIGINT NOT NULL DEFAULT 0;
