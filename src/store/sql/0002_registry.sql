-- greencard schema version 2: the registry's duplicate review, merges and zone targets.

-- A talent merged into another keeps its row (its document stays taken and its history
-- stays readable) but leaves every list and search.
ALTER TABLE talents ADD COLUMN merged_into INTEGER REFERENCES talents(id);

-- Possible duplicates: the same name and birth date, or the same phone, under different
-- documents. A clerk marks a pair as different people or merges it.
CREATE TABLE duplicate_flags (
    id         INTEGER PRIMARY KEY,
    talent_a   INTEGER NOT NULL REFERENCES talents(id),
    talent_b   INTEGER NOT NULL REFERENCES talents(id),
    reason     TEXT NOT NULL CHECK (reason IN ('name_birth', 'phone')),
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'distinct', 'merged')),
    decided_by INTEGER REFERENCES users(id),
    decided_at TEXT,
    created_at TEXT NOT NULL,
    CHECK (talent_a < talent_b),
    UNIQUE (talent_a, talent_b, reason)
);
CREATE INDEX duplicate_flags_open ON duplicate_flags(status, id);
CREATE INDEX duplicate_flags_b ON duplicate_flags(talent_b);

CREATE INDEX talents_name_birth ON talents(name, birth_date);
CREATE INDEX talents_phone ON talents(phone) WHERE phone <> '';

-- Yearly targets of each zone (talents and teams brought in).
CREATE TABLE zone_targets (
    zone_id INTEGER NOT NULL REFERENCES zones(id),
    year    INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    talents INTEGER NOT NULL DEFAULT 0 CHECK (talents >= 0),
    teams   INTEGER NOT NULL DEFAULT 0 CHECK (teams >= 0),
    PRIMARY KEY (zone_id, year)
);
