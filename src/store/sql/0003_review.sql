-- greencard schema: the four-level review shared by every kind of application.

CREATE TABLE applications (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('recognition', 'card', 'apartment', 'grant')),
    talent_id    INTEGER NOT NULL REFERENCES talents(id),
    summary      TEXT NOT NULL DEFAULT '',
    payload      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    stage        TEXT NOT NULL CHECK (stage IN ('submission', 'first_review', 'recheck', 'approval', 'approved', 'rejected')),
    -- When the application reached its current step: the queue is served oldest first.
    waiting_since TEXT NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX applications_queue ON applications(stage, waiting_since, id);
CREATE INDEX applications_talent ON applications(talent_id);

-- Every decision with its reason; append-only like the audit log.
CREATE TABLE review_actions (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    step           TEXT NOT NULL CHECK (step IN ('submission', 'first_review', 'recheck', 'approval')),
    decision       TEXT NOT NULL CHECK (decision IN ('approve', 'return', 'reject', 'veto')),
    reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    at             TEXT NOT NULL
);
CREATE INDEX review_actions_application ON review_actions(application_id, id);
CREATE TRIGGER review_actions_no_update BEFORE UPDATE ON review_actions
BEGIN SELECT RAISE(ABORT, 'review actions are append-only'); END;
CREATE TRIGGER review_actions_no_delete BEFORE DELETE ON review_actions
BEGIN SELECT RAISE(ABORT, 'review actions are append-only'); END;

-- 一票否决: a person whose application was rejected for falsified data.
ALTER TABLE talents ADD COLUMN falsified_flag INTEGER NOT NULL DEFAULT 0 CHECK (falsified_flag IN (0, 1));
