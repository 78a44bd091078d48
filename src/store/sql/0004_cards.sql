-- greencard schema: talent green cards and every event in their life.

CREATE TABLE cards (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE CHECK (length(number) = 13 AND number GLOB 'GC[0-9]*'),
    talent_id      INTEGER NOT NULL REFERENCES talents(id),
    tier           TEXT NOT NULL,
    issued_on      TEXT NOT NULL CHECK (issued_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    expires_on     TEXT NOT NULL CHECK (expires_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status         TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked', 'voided')),
    status_reason  TEXT NOT NULL DEFAULT '',
    -- The card this one replaced after a loss.
    replaces       INTEGER REFERENCES cards(id),
    application_id INTEGER REFERENCES applications(id),
    policy_version INTEGER NOT NULL REFERENCES policy_versions(id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (expires_on >= issued_on)
);
-- A talent holds at most one live card.
CREATE UNIQUE INDEX cards_one_live ON cards(talent_id) WHERE status IN ('active', 'suspended');
CREATE INDEX cards_expiry ON cards(expires_on) WHERE status = 'active';
CREATE UNIQUE INDEX cards_application ON cards(application_id) WHERE application_id IS NOT NULL;

CREATE TABLE card_events (
    id             INTEGER PRIMARY KEY,
    card_id        INTEGER NOT NULL REFERENCES cards(id),
    event          TEXT NOT NULL CHECK (event IN ('issued', 'renewed', 'reissued', 'suspended', 'resumed', 'revoked', 'voided')),
    on_date        TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    old_expiry     TEXT,
    new_expiry     TEXT,
    policy_version INTEGER REFERENCES policy_versions(id),
    user_id        INTEGER REFERENCES users(id),
    at             TEXT NOT NULL
);
CREATE INDEX card_events_card ON card_events(card_id, id);

-- The last sequence number used per issue year (card numbers are GC + year + sequence).
CREATE TABLE card_sequence (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);
