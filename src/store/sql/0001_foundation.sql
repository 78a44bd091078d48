-- greencard schema version 1: accounts, audit, settings, policy, and the registry.
-- Dates are TEXT 'YYYY-MM-DD'; timestamps TEXT 'YYYY-MM-DD HH:MM:SS' (local time);
-- money INTEGER fen; percentages INTEGER basis points.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 32 AND username = lower(username)),
    display_name  TEXT NOT NULL CHECK (length(trim(display_name)) BETWEEN 1 AND 50),
    role          TEXT NOT NULL CHECK (role IN ('clerk', 'first_reviewer', 'third_party', 'committee', 'admin')),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- Append-only and hash-chained: each row's hash covers its content and the previous hash.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    user_id    INTEGER REFERENCES users(id),
    username   TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    old_value  TEXT,
    new_value  TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_user ON audit_log(user_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE policy_versions (
    id             INTEGER PRIMARY KEY,
    effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    body           TEXT NOT NULL CHECK (json_valid(body)),
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    created_by     INTEGER REFERENCES users(id)
);

CREATE TABLE zones (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 16),
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 60),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE employers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
    credit_code TEXT NOT NULL UNIQUE CHECK (length(credit_code) = 18),
    zone_id     INTEGER NOT NULL REFERENCES zones(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX employers_zone ON employers(zone_id);

CREATE TABLE talents (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
    gender           TEXT NOT NULL CHECK (gender IN ('M', 'F')),
    birth_date       TEXT NOT NULL CHECK (birth_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    nationality      TEXT NOT NULL CHECK (length(nationality) BETWEEN 2 AND 40),
    doc_type         TEXT NOT NULL CHECK (doc_type IN ('resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent')),
    doc_number       TEXT NOT NULL CHECK (length(doc_number) BETWEEN 5 AND 18 AND doc_number = upper(doc_number)),
    phone            TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    education        TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL DEFAULT '',
    field            TEXT NOT NULL DEFAULT '',
    employer_id      INTEGER REFERENCES employers(id),
    zone_id          INTEGER NOT NULL REFERENCES zones(id),
    arrival_date     TEXT CHECK (arrival_date IS NULL OR arrival_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    tier             TEXT NOT NULL CHECK (length(tier) BETWEEN 1 AND 4),
    recognised_until TEXT CHECK (recognised_until IS NULL OR recognised_until GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    notes            TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (doc_type, doc_number)
);
CREATE INDEX talents_zone ON talents(zone_id);
CREATE INDEX talents_employer ON talents(employer_id);

CREATE TABLE teams (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
    leader_id     INTEGER NOT NULL REFERENCES talents(id),
    field         TEXT NOT NULL DEFAULT '',
    zone_id       INTEGER NOT NULL REFERENCES zones(id),
    summary       TEXT NOT NULL DEFAULT '',
    introduced_on TEXT NOT NULL CHECK (introduced_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX teams_leader ON teams(leader_id);

CREATE TABLE team_members (
    team_id   INTEGER NOT NULL REFERENCES teams(id),
    talent_id INTEGER NOT NULL REFERENCES talents(id),
    role      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (team_id, talent_id)
);
CREATE INDEX team_members_talent ON team_members(talent_id);

CREATE TABLE shortage_catalogue (
    id         INTEGER PRIMARY KEY,
    field      TEXT NOT NULL CHECK (length(trim(field)) BETWEEN 1 AND 60),
    occupation TEXT NOT NULL CHECK (length(trim(occupation)) BETWEEN 1 AND 60),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    UNIQUE (field, occupation, year)
);
