-- A version of each structure's directory, so `GET /api/structures/{id}/users` can
-- carry an ETag and answer `304 Not Modified` without reading the directory.
--
-- It is replaced, in the same transaction, by every write that changes what that body says
-- (db::versions: imports, letter settings, distributions, central administrators' marks), so
-- it is right whichever process wrote (`sesame import` runs beside the server) and, later,
-- whichever instance. A random value rather than a counter: a database restored from a backup
-- never hands out again a version that already named other data.
ALTER TABLE structures ADD COLUMN directory_version TEXT NOT NULL DEFAULT '';
UPDATE structures SET directory_version = lower(hex(randomblob(8)));
