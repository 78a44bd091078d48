-- greencard schema: a lease's later rent share. A policy may charge another share of market
-- rent once a tenancy has lasted N full years; the lease freezes N, that share and the rent
-- it makes at signing, so a later policy never rewrites it. All three are set or none.
ALTER TABLE leases ADD COLUMN rent_after_years INTEGER CHECK (rent_after_years BETWEEN 1 AND 50);
ALTER TABLE leases ADD COLUMN rent_after_share INTEGER CHECK (rent_after_share BETWEEN 0 AND 10000);
ALTER TABLE leases ADD COLUMN rent_after_monthly INTEGER CHECK (
    rent_after_monthly >= 0
    AND (rent_after_years IS NULL) = (rent_after_monthly IS NULL)
    AND (rent_after_share IS NULL) = (rent_after_monthly IS NULL)
);
