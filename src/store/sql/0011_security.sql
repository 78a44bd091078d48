-- greencard schema version 11: who may see what. Zone scopes, the right to see personal
-- data in full, the growing wait between failed logins, and the audit screen's indexes.

-- 查看完整个人信息: unmasking a record or exporting unmasked. Administrators could export
-- unmasked before this right existed, so they keep it.
ALTER TABLE users ADD COLUMN can_unmask INTEGER NOT NULL DEFAULT 0 CHECK (can_unmask IN (0, 1));
UPDATE users SET can_unmask = 1 WHERE role = 'admin';

-- After a failed login the next try waits until this time (YYYY-MM-DD HH:MM:SS.mmm).
ALTER TABLE users ADD COLUMN retry_after TEXT;

-- The zones a user is limited to; a user without rows here sees every zone.
CREATE TABLE user_zones (
    user_id INTEGER NOT NULL REFERENCES users(id),
    zone_id INTEGER NOT NULL REFERENCES zones(id),
    PRIMARY KEY (user_id, zone_id)
) WITHOUT ROWID;

-- The audit screen filters by user, action, record and day, newest first (rowid order),
-- in pages: an index per filter alone keeps rowid order (no sort), and user or action with
-- a day range reads that day's rows only (1 ms instead of 170 ms at a million rows).
CREATE INDEX audit_log_action ON audit_log(action);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user_at ON audit_log(user_id, at);
CREATE INDEX audit_log_action_at ON audit_log(action, at);
