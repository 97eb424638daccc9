-- Which profiles of a structure sign in through an outside identity provider (academic account,
-- EduConnect, FranceConnect) and so need no credential letter: profile names, comma-separated.
-- The default is how French ENTs work: teachers and relatives.
ALTER TABLE structures ADD COLUMN external_sign_in TEXT NOT NULL DEFAULT 'Teacher,Relative';
