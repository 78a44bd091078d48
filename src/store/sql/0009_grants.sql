-- greencard schema: startup grant and reward programmes with budgets, the grants they
-- award (through the shared four-level review), their tranches, and the ledger of payments
-- and clawbacks (never deleted).

CREATE TABLE grant_programmes (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    budget       INTEGER NOT NULL CHECK (budget >= 0),
    -- JSON: [{"label": "签约", "share": 4000}, ...], shares adding up to 10000.
    tranche_plan TEXT NOT NULL CHECK (json_valid(tranche_plan)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (name, year)
);

CREATE TABLE grants (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL UNIQUE REFERENCES applications(id),
    programme_id   INTEGER NOT NULL REFERENCES grant_programmes(id),
    talent_id      INTEGER NOT NULL REFERENCES talents(id),
    team_id        INTEGER REFERENCES teams(id),
    kind           TEXT NOT NULL CHECK (kind IN ('startup', 'reward', 'follow_on')),
    project        TEXT NOT NULL,
    technology     TEXT NOT NULL DEFAULT '',
    requested      INTEGER NOT NULL CHECK (requested >= 0),
    own_investment INTEGER NOT NULL DEFAULT 0 CHECK (own_investment >= 0),
    -- Rewards: the commercialisation income reported and its evidence.
    income         INTEGER,
    evidence       TEXT NOT NULL DEFAULT '',
    -- Fixed by the committee's approval.
    award          INTEGER,
    limit_applied  TEXT,
    cap            INTEGER,
    policy_version INTEGER REFERENCES policy_versions(id),
    awarded_on     TEXT,
    stopped_on     TEXT,
    stop_reason    TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX grants_programme ON grants(programme_id);
CREATE INDEX grants_talent ON grants(talent_id);

CREATE TABLE grant_tranches (
    id           INTEGER PRIMARY KEY,
    grant_id     INTEGER NOT NULL REFERENCES grants(id),
    seq          INTEGER NOT NULL,
    label        TEXT NOT NULL,
    planned      INTEGER NOT NULL CHECK (planned >= 0),
    met_on       TEXT,
    met_by       INTEGER REFERENCES users(id),
    paid_on      TEXT,
    UNIQUE (grant_id, seq)
);

-- Payments (positive) and clawbacks (negative), append-only.
CREATE TABLE grant_ledger (
    id         INTEGER PRIMARY KEY,
    grant_id   INTEGER NOT NULL REFERENCES grants(id),
    tranche_id INTEGER REFERENCES grant_tranches(id),
    amount     INTEGER NOT NULL CHECK (amount <> 0),
    on_date    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    user_id    INTEGER REFERENCES users(id),
    at         TEXT NOT NULL
);
CREATE INDEX grant_ledger_grant ON grant_ledger(grant_id);
CREATE TRIGGER grant_ledger_no_update BEFORE UPDATE ON grant_ledger
BEGIN SELECT RAISE(ABORT, 'the grant ledger is append-only'); END;
CREATE TRIGGER grant_ledger_no_delete BEFORE DELETE ON grant_ledger
BEGIN SELECT RAISE(ABORT, 'the grant ledger is append-only'); END;
