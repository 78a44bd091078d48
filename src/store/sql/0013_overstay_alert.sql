-- greencard schema: the overstay alert (a lease past its end date that was never ended: the
-- tenant stayed on). SQLite cannot widen a CHECK, so the acknowledgements move to a new
-- table with the wider list; nothing refers to them.
CREATE TABLE alert_acks_new (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('card_expiring', 'lease_expiring', 'lease_must_leave', 'lease_overstay',
                                             'rent_arrears', 'review_waiting')),
    subject_id INTEGER NOT NULL,
    cause      TEXT NOT NULL CHECK (length(cause) BETWEEN 1 AND 40),
    note       TEXT NOT NULL DEFAULT '',
    user_id    INTEGER NOT NULL REFERENCES users(id),
    at         TEXT NOT NULL,
    UNIQUE (kind, subject_id, cause)
);
INSERT INTO alert_acks_new (id, kind, subject_id, cause, note, user_id, at)
    SELECT id, kind, subject_id, cause, note, user_id, at FROM alert_acks;
DROP TABLE alert_acks;
ALTER TABLE alert_acks_new RENAME TO alert_acks;
-- Active leases by their agreed end: the overstay and the expiring alerts read a range of it.
CREATE INDEX leases_active_end ON leases(end_on) WHERE status = 'active';
