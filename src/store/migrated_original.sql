-- The record as imported of a migrated row, kept at the row's first change
-- (store/provenance.rs). It used to be written into the row's `migrated`
-- entry: 600 bytes added to a 50-byte row split a page of that 2-million-row
-- table at nearly every first change, and a sweep moving 1 % of a migrated
-- registry to grace wrote most of its pages. Kept here instead, in a table
-- that holds only the rows that changed. Records kept before this version
-- stay in `migrated.original` (an older export restores into that column);
-- readers take whichever holds it.
CREATE TABLE migrated_original (
    domain_id INTEGER PRIMARY KEY REFERENCES migrated(domain_id),
    original  TEXT NOT NULL                    -- JSON: the record as imported
);

DROP TRIGGER migrated_keep_original;
CREATE TRIGGER migrated_keep_original BEFORE UPDATE ON domain
WHEN EXISTS (SELECT 1 FROM migrated WHERE domain_id = OLD.id AND original IS NULL)
 AND NOT EXISTS (SELECT 1 FROM migrated_original WHERE domain_id = OLD.id)
BEGIN
    INSERT INTO migrated_original(domain_id, original) VALUES (OLD.id, json_object(
        'name', OLD.name,
        'unicode', OLD.unicode,
        'hierarchy', OLD.hierarchy,
        'state', OLD.state,
        'created', OLD.created,
        'expires', OLD.expires,
        'registrant', OLD.registrant,
        'manager', OLD.manager,
        'tech', OLD.tech,
        'arbitration', json(CASE WHEN OLD.arbitration THEN 'true' ELSE 'false' END),
        'suspension', OLD.suspension,
        'state_since', OLD.state_since,
        'nameservers', json((SELECT json_group_array(json_array(host, addresses) ORDER BY pos)
                             FROM nameserver WHERE domain_id = OLD.id)),
        'ds', json((SELECT json_group_array(rdata ORDER BY pos) FROM ds WHERE domain_id = OLD.id))
    ));
END;
