-- The name lists hold entries, several of them under one folded key (the
-- many parishes called "Santa Maria"), each saying what it names (`detail`)
-- and in which languages it is that name (`language`, BCP 47 tags,
-- space-separated; empty when not known). One entry per list, key, name and
-- detail: matching a name is a lookup of its key in each list, and the
-- inflected forms of obscene words a key range of that list, both on the
-- primary key (no other index: `init` stores tens of thousands of entries).
CREATE TABLE list_entry_v2 (
    kind     TEXT NOT NULL,
    key      TEXT NOT NULL,
    name     TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    source   TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (kind, key, name, detail)
) WITHOUT ROWID;
INSERT INTO list_entry_v2(kind, key, name, source, added_by, added_at)
    SELECT kind, key, name, source, added_by, added_at FROM list_entry;
DROP TABLE list_entry;
ALTER TABLE list_entry_v2 RENAME TO list_entry;
