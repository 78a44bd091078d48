-- greencard schema: talent apartments, their dated market rents, leases, rent payments
-- and cash rent subsidies (which a discounted apartment excludes). Monthly charges are
-- derived from each lease's frozen terms, never written by a job.

CREATE TABLE apt_projects (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
    zone_id    INTEGER NOT NULL REFERENCES zones(id),
    address    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE apt_units (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES apt_projects(id),
    building     TEXT NOT NULL CHECK (length(building) BETWEEN 1 AND 20),
    unit         TEXT NOT NULL CHECK (length(unit) BETWEEN 1 AND 20),
    floor        INTEGER NOT NULL CHECK (floor BETWEEN -5 AND 200),
    -- Hundredths of a square metre.
    area         INTEGER NOT NULL CHECK (area > 0),
    layout       TEXT NOT NULL DEFAULT '',
    under_repair INTEGER NOT NULL DEFAULT 0 CHECK (under_repair IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (project_id, building, unit)
);

-- Market rent per month, from a date on; a new figure never rewrites an existing lease.
CREATE TABLE apt_market_rents (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES apt_units(id),
    effective_from TEXT NOT NULL,
    monthly        INTEGER NOT NULL CHECK (monthly > 0),
    created_at     TEXT NOT NULL,
    UNIQUE (unit_id, effective_from)
);

CREATE TABLE leases (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES apt_units(id),
    talent_id      INTEGER NOT NULL REFERENCES talents(id),
    application_id INTEGER REFERENCES applications(id),
    start_on       TEXT NOT NULL,
    end_on         TEXT NOT NULL,
    -- Frozen at signing: the share of market rent, the market rent and the rent.
    rent_share     INTEGER NOT NULL CHECK (rent_share BETWEEN 0 AND 10000),
    market_rent    INTEGER NOT NULL CHECK (market_rent > 0),
    monthly_rent   INTEGER NOT NULL CHECK (monthly_rent >= 0),
    deposit        INTEGER NOT NULL CHECK (deposit >= 0),
    policy_version INTEGER NOT NULL REFERENCES policy_versions(id),
    status         TEXT NOT NULL CHECK (status IN ('active', 'ended')),
    ended_on       TEXT,
    end_reason     TEXT NOT NULL DEFAULT '',
    must_leave_by  TEXT,
    must_leave_why TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (end_on >= start_on)
);
-- A talent holds at most one active lease.
CREATE UNIQUE INDEX leases_one_per_talent ON leases(talent_id) WHERE status = 'active';
CREATE INDEX leases_unit ON leases(unit_id, start_on);
CREATE UNIQUE INDEX leases_application ON leases(application_id) WHERE application_id IS NOT NULL;

CREATE TABLE rent_payments (
    id       INTEGER PRIMARY KEY,
    lease_id INTEGER NOT NULL REFERENCES leases(id),
    paid_on  TEXT NOT NULL,
    amount   INTEGER NOT NULL CHECK (amount > 0),
    note     TEXT NOT NULL DEFAULT '',
    user_id  INTEGER REFERENCES users(id),
    at       TEXT NOT NULL
);
CREATE INDEX rent_payments_lease ON rent_payments(lease_id);

-- Cash rent subsidies; one may not run while the talent holds a discounted apartment.
CREATE TABLE rent_subsidies (
    id         INTEGER PRIMARY KEY,
    talent_id  INTEGER NOT NULL REFERENCES talents(id),
    from_on    TEXT NOT NULL,
    to_on      TEXT NOT NULL,
    monthly    INTEGER NOT NULL CHECK (monthly > 0),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK (to_on >= from_on)
);
CREATE INDEX rent_subsidies_talent ON rent_subsidies(talent_id);
