-- Signing in through the ENT (an OpenID Connect provider), and teachers handing out their own
-- class's letters.

-- A sign-in through the provider under way, between the button and the provider's callback:
-- found by the SHA-256 of the random id in a short-lived cookie, consumed by the callback (a
-- replayed callback finds nothing), swept when it has expired. Any instance may take the
-- callback of a flow another started.
CREATE TABLE oidc_flows (
    id_hash        TEXT PRIMARY KEY,
    state          TEXT NOT NULL,
    nonce          TEXT NOT NULL,
    pkce_verifier  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL
);
CREATE INDEX oidc_flows_by_expiry ON oidc_flows (expires_at);

-- The ENT identity (the ID token's `sub`, the export's `Id`) an administrator signs in with.
ALTER TABLE admins ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX admins_by_oidc_subject ON admins (oidc_subject);

-- Whether the session began at the provider (signing out then ends the provider's too).
ALTER TABLE sessions ADD COLUMN via_oidc BOOLEAN NOT NULL DEFAULT FALSE;

-- A teacher's session: their ENT id (`users.id` of a Teacher account). Apart from the
-- administrators' sessions, so every administrator's route refuses a teacher by construction;
-- the teacher's schools and classes are read again at each request, so a teacher whose classes
-- change at an import, or who leaves the directory, sees it at their next request.
CREATE TABLE teacher_sessions (
    token_hash   TEXT PRIMARY KEY,
    teacher_id   TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX teacher_sessions_by_teacher ON teacher_sessions (teacher_id);

-- A school's choice: its teachers may hand out their classes' letters (print, export, mark as
-- distributed), and, separately, e-mail them.
ALTER TABLE structures ADD COLUMN teachers_may_distribute BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE structures ADD COLUMN teachers_may_mail BOOLEAN NOT NULL DEFAULT FALSE;

-- Who handed out: an administrator (their login) or a teacher (their ENT login).
ALTER TABLE distributions ADD COLUMN by_teacher BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE mailings ADD COLUMN by_teacher BOOLEAN NOT NULL DEFAULT FALSE;
