-- greencard schema: zone targets for apartments let and grants awarded, acknowledged
-- alerts, and the indexes the dashboard's aggregates read (no row is loaded to count).

-- Targets per zone and year: apartments let (leases signed) and grants awarded (in fen).
ALTER TABLE zone_targets ADD COLUMN apartments INTEGER NOT NULL DEFAULT 0 CHECK (apartments >= 0);
ALTER TABLE zone_targets ADD COLUMN grants INTEGER NOT NULL DEFAULT 0 CHECK (grants >= 0);

-- Alerts are derived from the data, never stored; only their acknowledgement is. An alert
-- is (kind, subject, cause): a later cause of the same subject is a new alert, and an
-- acknowledgement whose cause is gone stays here as the record of a resolved alert.
CREATE TABLE alert_acks (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('card_expiring', 'lease_expiring', 'lease_must_leave', 'rent_arrears', 'review_waiting')),
    subject_id INTEGER NOT NULL,
    cause      TEXT NOT NULL CHECK (length(cause) BETWEEN 1 AND 40),
    note       TEXT NOT NULL DEFAULT '',
    user_id    INTEGER NOT NULL REFERENCES users(id),
    at         TEXT NOT NULL,
    UNIQUE (kind, subject_id, cause)
);

-- The dashboard: talents by zone and tier, arrivals of a year by zone, card states, and the
-- cards issued and renewed per month, each read from an index alone.
CREATE INDEX talents_zone_tier ON talents(zone_id, tier) WHERE merged_into IS NULL;
CREATE INDEX talents_arrival_zone ON talents(arrival_date, zone_id) WHERE merged_into IS NULL;
CREATE INDEX cards_status_expiry ON cards(status, expires_on);
CREATE INDEX card_events_day ON card_events(on_date, event);
CREATE INDEX teams_introduced ON teams(introduced_on, zone_id);
