-- One index on the domain's name where there were two (`domain_name` for
-- every row, `domain_live_name` unique over the live ones), and a live row
-- told by its removal time rather than its state: a row is live while it
-- has no removal time (every removal sets one, with the state `removed`).
-- The key (name, 0) for a live row, (name, id) for a removed one, keeps one
-- live row per name (Art. 6.1.a) and finds every row of a name by its
-- prefix. A change of state that is not a removal (into the grace period,
-- a suspension) sets neither column, so it leaves this index alone: the
-- sweep moving 1 % of a registry to grace rewrote a random page of the
-- unique index for each name, and an import built two name indexes.
UPDATE domain SET removed = state_since WHERE state = 'removed' AND removed IS NULL;
DROP INDEX domain_live_name;
DROP INDEX domain_name;
CREATE UNIQUE INDEX domain_name ON domain(name, CASE WHEN removed IS NULL THEN 0 ELSE id END);
