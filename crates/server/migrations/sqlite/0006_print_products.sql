-- Print products: sticker and card sheets, and the CSV export.
--
-- A structure's calibration offset of sticker and card sheets, in tenths of a millimetre (right,
-- down): a whole number so the settings read back exactly what was saved.
ALTER TABLE structures ADD COLUMN label_offset_x_tenths INTEGER NOT NULL DEFAULT 0;
ALTER TABLE structures ADD COLUMN label_offset_y_tenths INTEGER NOT NULL DEFAULT 0;

-- The distribution log takes a third channel, 'csv' (« Exporter en CSV »). SQLite cannot change a
-- CHECK constraint in place: the log's two tables are copied into new ones and renamed. The users
-- table goes first and the log second, so no row is ever deleted through ON DELETE CASCADE
-- (the old users table is gone before the old log is dropped), and renaming the new log to
-- `distributions` points the new users table's foreign key at it.
CREATE TABLE distributions_new (
    id            TEXT PRIMARY KEY,
    structure_id  TEXT NOT NULL REFERENCES structures (id),
    admin_login   TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('pdf', 'mail', 'csv')),
    at            TEXT NOT NULL
);
INSERT INTO distributions_new (id, structure_id, admin_login, channel, at)
    SELECT id, structure_id, admin_login, channel, at FROM distributions;
CREATE TABLE distribution_users_new (
    distribution_id  TEXT NOT NULL REFERENCES distributions_new (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL,
    PRIMARY KEY (distribution_id, user_id)
);
INSERT INTO distribution_users_new (distribution_id, user_id)
    SELECT distribution_id, user_id FROM distribution_users;
DROP TABLE distribution_users;
DROP TABLE distributions;
ALTER TABLE distributions_new RENAME TO distributions;
ALTER TABLE distribution_users_new RENAME TO distribution_users;
CREATE INDEX distribution_users_by_user ON distribution_users (user_id);
CREATE INDEX distributions_by_structure ON distributions (structure_id);
