-- Journal entries from here on carry chain(prev, leaf_hash(entry)): the
-- entry's own hash is kept apart from its link to the previous one. The
-- entries already written keep their older hash, so the file still verifies.
INSERT OR IGNORE INTO meta(key, value)
    SELECT 'journal_leaf_from', COALESCE(MAX(seq), 0) + 1 FROM journal;
