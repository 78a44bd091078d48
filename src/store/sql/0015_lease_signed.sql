-- greencard schema: the day a lease was signed (recorded). Its policy version, shares and
-- rents are those in force on that day, not on its start day, and a new policy version
-- must start after it. Leases recorded before this version were signed on the day they
-- were recorded.
ALTER TABLE leases ADD COLUMN signed_on TEXT;
UPDATE leases SET signed_on = substr(created_at, 1, 10);
