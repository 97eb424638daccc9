-- Imports recorded (who, when, which file, what changed — never a code), and the
-- accounts each one created (the « nouveaux comptes du dernier import » filter, `import=latest`).

CREATE TABLE imports (
    id               TEXT PRIMARY KEY,
    structure_id     TEXT NOT NULL REFERENCES structures (id),
    -- NULL for `sesame import`, run by the operator on the server's own shell.
    admin_login      TEXT,
    file_name        TEXT NOT NULL,
    at               TEXT NOT NULL,
    created          INTEGER NOT NULL,
    updated          INTEGER NOT NULL,
    unchanged        INTEGER NOT NULL,
    classes_created  INTEGER NOT NULL
);
CREATE INDEX imports_by_structure ON imports (structure_id, at);

-- The import that created the account; NULL for accounts older than the imports' record.
ALTER TABLE users ADD COLUMN import_id TEXT;
