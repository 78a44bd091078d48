-- greencard schema: the dashboard's counts kept up to date by triggers, inside the very
-- transaction that changes a talent, a card or a card event, so the 统计 page reads a few
-- hundred counter rows instead of counting a million talents each time it opens. What the
-- database already holds is counted after this SQL (store::dashboard_counts::count_existing).

-- Talents (merged records left out) by zone, tier and year of arrival (0: no arrival date).
CREATE TABLE talent_counts (
    zone_id      INTEGER NOT NULL,
    tier         TEXT NOT NULL,
    arrival_year INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (zone_id, tier, arrival_year)
) WITHOUT ROWID;
CREATE TRIGGER talent_counts_insert AFTER INSERT ON talents WHEN NEW.merged_into IS NULL BEGIN
    INSERT INTO talent_counts (zone_id, tier, arrival_year, n)
        VALUES (NEW.zone_id, NEW.tier, coalesce(CAST(substr(NEW.arrival_date, 1, 4) AS INTEGER), 0), 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER talent_counts_delete AFTER DELETE ON talents WHEN OLD.merged_into IS NULL BEGIN
    UPDATE talent_counts SET n = n - 1
    WHERE zone_id = OLD.zone_id AND tier = OLD.tier
      AND arrival_year = coalesce(CAST(substr(OLD.arrival_date, 1, 4) AS INTEGER), 0);
END;
CREATE TRIGGER talent_counts_update AFTER UPDATE OF zone_id, tier, arrival_date, merged_into ON talents BEGIN
    UPDATE talent_counts SET n = n - 1
    WHERE OLD.merged_into IS NULL AND zone_id = OLD.zone_id AND tier = OLD.tier
      AND arrival_year = coalesce(CAST(substr(OLD.arrival_date, 1, 4) AS INTEGER), 0);
    INSERT INTO talent_counts (zone_id, tier, arrival_year, n)
        SELECT NEW.zone_id, NEW.tier, coalesce(CAST(substr(NEW.arrival_date, 1, 4) AS INTEGER), 0), 1
        WHERE NEW.merged_into IS NULL
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Cards by status and expiry day: valid and expired are derived from the day the page is
-- read (active and not yet past expiry, or past it), so the count keeps the day.
CREATE TABLE card_counts (
    status     TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (status, expires_on)
) WITHOUT ROWID;
CREATE TRIGGER card_counts_insert AFTER INSERT ON cards BEGIN
    INSERT INTO card_counts (status, expires_on, n) VALUES (NEW.status, NEW.expires_on, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER card_counts_delete AFTER DELETE ON cards BEGIN
    UPDATE card_counts SET n = n - 1 WHERE status = OLD.status AND expires_on = OLD.expires_on;
END;
CREATE TRIGGER card_counts_update AFTER UPDATE OF status, expires_on ON cards BEGIN
    UPDATE card_counts SET n = n - 1 WHERE status = OLD.status AND expires_on = OLD.expires_on;
    INSERT INTO card_counts (status, expires_on, n) VALUES (NEW.status, NEW.expires_on, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Card events by month (YYYY-MM) and kind: the issued and renewed of the last twelve months.
CREATE TABLE card_event_counts (
    month TEXT NOT NULL,
    event TEXT NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (month, event)
) WITHOUT ROWID;
CREATE TRIGGER card_event_counts_insert AFTER INSERT ON card_events BEGIN
    INSERT INTO card_event_counts (month, event, n) VALUES (substr(NEW.on_date, 1, 7), NEW.event, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER card_event_counts_delete AFTER DELETE ON card_events BEGIN
    UPDATE card_event_counts SET n = n - 1 WHERE month = substr(OLD.on_date, 1, 7) AND event = OLD.event;
END;
CREATE TRIGGER card_event_counts_update AFTER UPDATE OF on_date, event ON card_events BEGIN
    UPDATE card_event_counts SET n = n - 1 WHERE month = substr(OLD.on_date, 1, 7) AND event = OLD.event;
    INSERT INTO card_event_counts (month, event, n) VALUES (substr(NEW.on_date, 1, 7), NEW.event, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
