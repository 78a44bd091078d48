-- greencard schema: the service catalogue, each use of a service, attached family cards
-- and the card print queue.

-- The services a card can bundle. The code is stable (policy versions name it); the
-- names can be changed in Settings; a retired service keeps its history.
CREATE TABLE services (
    code       TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 40),
    name_zh    TEXT NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 40),
    name_en    TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 40),
    position   INTEGER NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO services (code, name_zh, name_en, position, created_at, updated_at) VALUES
    ('housing', '人才安居', 'Housing', 1, datetime('now'), datetime('now')),
    ('medical_green_channel', '就医绿色通道', 'Hospital green channel', 2, datetime('now'), datetime('now')),
    ('health_check', '年度健康体检', 'Yearly health check', 3, datetime('now'), datetime('now')),
    ('schooling', '子女入学', 'Children''s schooling', 4, datetime('now'), datetime('now')),
    ('spouse_employment', '配偶就业', 'Spouse employment', 5, datetime('now'), datetime('now')),
    ('transport', '交通出行', 'Transport', 6, datetime('now'), datetime('now')),
    ('airport_vip', '机场贵宾通道', 'Airport VIP lane', 7, datetime('now'), datetime('now'));

-- Attached cards for a holder's spouse, minor children and parents. Valid exactly when the
-- main card is; moved to the new main card when that one is reissued.
CREATE TABLE family_cards (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE CHECK (length(number) = 13 AND number GLOB 'GC[0-9]*'),
    main_card_id  INTEGER NOT NULL REFERENCES cards(id),
    relation      TEXT NOT NULL CHECK (relation IN ('spouse', 'child', 'parent')),
    name          TEXT NOT NULL,
    doc_type      TEXT NOT NULL,
    doc_number    TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    issued_on     TEXT NOT NULL,
    policy_version INTEGER NOT NULL REFERENCES policy_versions(id),
    cancelled_on  TEXT,
    cancel_reason TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX family_cards_main ON family_cards(main_card_id);
-- One live attached card per person and document.
CREATE UNIQUE INDEX family_cards_one_live ON family_cards(doc_type, doc_number) WHERE cancelled_on IS NULL;

-- Each use of a service, against the card that was shown (a family card's uses name it).
CREATE TABLE service_uses (
    id             INTEGER PRIMARY KEY,
    card_id        INTEGER NOT NULL REFERENCES cards(id),
    family_card_id INTEGER REFERENCES family_cards(id),
    service        TEXT NOT NULL REFERENCES services(code),
    used_on        TEXT NOT NULL,
    provider       TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    user_id        INTEGER REFERENCES users(id),
    at             TEXT NOT NULL
);
CREATE INDEX service_uses_card ON service_uses(card_id, used_on);

-- The print queue: requested → printed → handed over (or cancelled when the card was
-- voided before it was handed over). A reprint is a new request with its reason.
CREATE TABLE card_prints (
    id             INTEGER PRIMARY KEY,
    card_id        INTEGER NOT NULL REFERENCES cards(id),
    family_card_id INTEGER REFERENCES family_cards(id),
    state          TEXT NOT NULL CHECK (state IN ('requested', 'printed', 'handed_over', 'cancelled')),
    reason         TEXT NOT NULL,
    requested_on   TEXT NOT NULL,
    requested_by   INTEGER REFERENCES users(id),
    printed_on     TEXT,
    handed_on      TEXT,
    updated_at     TEXT NOT NULL
);
CREATE INDEX card_prints_state ON card_prints(state, id);
CREATE INDEX card_prints_card ON card_prints(card_id);
