-- The zone export decides at the clock which registered names are still in
-- their term (expiry, litigation, pending removal): an index that holds
-- those columns in name order lets it walk the delegations without reading
-- each domain row. It replaces the name-only index of the registered names.
CREATE INDEX domain_delegated ON domain(name, expires, litigation, pending_effective)
    WHERE state = 'registered';
DROP INDEX domain_registered;
