-- Where migrated registrations came from (store/provenance.rs): one row per
-- domain row an import loaded, with its line in the import file and the
-- SHA-256 of the record as imported. The import's journal entry records the
-- range of rows it loaded and the Merkle root of these, so the chain covers
-- them.
CREATE TABLE migrated (
    domain_id INTEGER PRIMARY KEY REFERENCES domain(id),
    line      INTEGER NOT NULL,
    digest    BLOB NOT NULL,
    original  TEXT                             -- JSON: the record as imported, once the row changed
);

-- The first change of a migrated row keeps the record as imported, in the
-- same transaction, so the registry can still say how the name stood
-- between the import and that change. Every change of a domain updates its
-- row (nameservers and DS are rewritten after), so this sees each first.
CREATE TRIGGER migrated_keep_original BEFORE UPDATE ON domain
WHEN EXISTS (SELECT 1 FROM migrated WHERE domain_id = OLD.id AND original IS NULL)
BEGIN
    UPDATE migrated SET original = json_object(
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
    )
    WHERE domain_id = OLD.id;
END;
