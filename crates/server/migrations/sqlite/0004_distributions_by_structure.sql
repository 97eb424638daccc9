-- The directory read asks for the last distribution of each account of one structure: with this
-- index SQLite walks that structure's distributions only, instead of every logged account of
-- every structure (the log only grows).
CREATE INDEX distributions_by_structure ON distributions (structure_id);
