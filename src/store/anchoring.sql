-- Every checkpoint of the journal's Merkle tree the registry signed (audit
-- checkpoint), as printed: it never signs one inconsistent with these.
CREATE TABLE checkpoint (
    id     INTEGER PRIMARY KEY,
    time   TEXT NOT NULL,
    origin TEXT NOT NULL,
    size   INTEGER NOT NULL,
    root   TEXT NOT NULL,                      -- hex
    key    TEXT NOT NULL,                      -- the verifier key
    note   TEXT NOT NULL                       -- the signed checkpoint
);
-- The entries' hashes as they stood when last checkpointed (one row per
-- entry up to the latest checkpoint's size): when they still hash to a
-- signed root, they name the first entry a later rewrite changed.
CREATE TABLE checkpoint_leaf (
    seq  INTEGER PRIMARY KEY,
    hash BLOB NOT NULL                         -- the entry's 32-byte hash
);
