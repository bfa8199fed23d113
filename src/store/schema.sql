-- Version 1 of the registry file. Times are RFC 3339 UTC text (they sort in
-- time order); amounts are integer cents; booleans are 0/1.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every policy version ever in force; the one in force at T is the latest
-- with effective <= T.
CREATE TABLE policy (
    version   INTEGER PRIMARY KEY,
    effective TEXT NOT NULL,
    toml      TEXT NOT NULL,
    digest    TEXT NOT NULL
);

-- The name lists (Art. 6, 7, 31.3, 32), matched on the folded key.
CREATE TABLE list_entry (
    kind     TEXT NOT NULL,
    key      TEXT NOT NULL,
    name     TEXT NOT NULL,
    source   TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

CREATE TABLE contact (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('person', 'organization')),
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    phone         TEXT NOT NULL,
    address       TEXT NOT NULL,
    country       TEXT NOT NULL,
    vat           TEXT,
    whois_consent INTEGER NOT NULL DEFAULT 0,
    created       TEXT NOT NULL,
    updated       TEXT NOT NULL,
    erased        TEXT
);

CREATE TABLE registrar (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    email     TEXT NOT NULL,
    vat       TEXT,
    created   TEXT NOT NULL,
    withdrawn TEXT
);

-- One row per registration; a removed name keeps its row (and history) and
-- the name may be registered again as a new row.
CREATE TABLE domain (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,          -- A-label form, with its hierarchy
    unicode            TEXT NOT NULL,
    hierarchy          TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('reserved', 'registered', 'grace', 'suspended', 'removed')),
    created            TEXT NOT NULL,
    expires            TEXT NOT NULL,
    registrant         TEXT NOT NULL REFERENCES contact(id),
    manager            TEXT REFERENCES registrar(id), -- NULL: the registrant manages it
    tech               TEXT NOT NULL REFERENCES contact(id),
    arbitration        INTEGER NOT NULL DEFAULT 0,
    litigation         TEXT,                   -- case reference of a notified litigation
    suspension         TEXT,                   -- case reference of an arbitral injunction
    pending_by         TEXT,                   -- pending removal: who asked
    pending_effective  TEXT,
    pending_article    TEXT,
    pending_grounds    TEXT,
    state_since        TEXT NOT NULL,          -- when the state last changed
    removed            TEXT,
    transfer_code_hash TEXT,                   -- salted SHA-256 of the one-time code
    transfer_code_salt TEXT
);
CREATE UNIQUE INDEX domain_live_name ON domain(name) WHERE state <> 'removed';
CREATE INDEX domain_name ON domain(name);
-- Covering (expires, state, name, rowid): the sweep's daily scans of the
-- expiry window read the index alone.
CREATE INDEX domain_expires ON domain(expires, state, name) WHERE state <> 'removed';
CREATE INDEX domain_created ON domain(created);
CREATE INDEX domain_registrant ON domain(registrant);
CREATE INDEX domain_manager ON domain(manager);
CREATE INDEX domain_pending ON domain(pending_effective) WHERE pending_effective IS NOT NULL;
-- The zone export walks the delegated names in name order.
CREATE INDEX domain_registered ON domain(name) WHERE state = 'registered';

CREATE TABLE nameserver (
    domain_id INTEGER NOT NULL REFERENCES domain(id),
    pos       INTEGER NOT NULL,
    host      TEXT NOT NULL,
    addresses TEXT NOT NULL DEFAULT '',        -- space-separated IPs (glue)
    PRIMARY KEY (domain_id, pos)
) WITHOUT ROWID;

CREATE TABLE ds (
    domain_id INTEGER NOT NULL REFERENCES domain(id),
    pos       INTEGER NOT NULL,
    rdata     TEXT NOT NULL,                   -- "TAG ALG TYPE HEX" as given
    PRIMARY KEY (domain_id, pos)
) WITHOUT ROWID;

CREATE TABLE ledger (
    id      INTEGER PRIMARY KEY,
    time    TEXT NOT NULL,
    domain  TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('charge', 'refund')),
    cents   INTEGER NOT NULL,
    article TEXT NOT NULL,
    years   INTEGER
);
CREATE INDEX ledger_time ON ledger(time);
CREATE INDEX ledger_domain ON ledger(domain);

CREATE TABLE notice (
    id        INTEGER PRIMARY KEY,
    time      TEXT NOT NULL,
    recipient TEXT NOT NULL,                   -- e-mail address
    kind      TEXT NOT NULL,
    domain    TEXT,
    article   TEXT,
    text      TEXT NOT NULL,
    sent      TEXT
);
CREATE INDEX notice_time ON notice(time);

-- Expiry reminders already sent, per domain row, expiry and reminder day, so
-- the daily sweep sends each once (a nearer reminder marks the farther ones).
CREATE TABLE reminder (
    domain_id INTEGER NOT NULL REFERENCES domain(id),
    expires   TEXT NOT NULL,
    days      INTEGER NOT NULL,
    time      TEXT NOT NULL,
    PRIMARY KEY (domain_id, expires, days)
) WITHOUT ROWID;

-- Conformity cases (Art. 8).
CREATE TABLE conformity_case (
    id              INTEGER PRIMARY KEY,
    domain_id       INTEGER NOT NULL REFERENCES domain(id),
    opened          TEXT NOT NULL,
    reason          TEXT NOT NULL,             -- random, a risk, or legitimacy
    run             INTEGER,                   -- the sampling run that opened it
    proof_requested TEXT,
    proof_due       TEXT,
    decided         TEXT,
    decision        TEXT,                      -- conform | remove
    grounds         TEXT
);
CREATE INDEX case_domain ON conformity_case(domain_id);

-- Overdue proof requests the sweep has already noticed (once per case).
CREATE TABLE proof_overdue (
    case_id INTEGER PRIMARY KEY REFERENCES conformity_case(id),
    time    TEXT NOT NULL
);

-- The hash-chained journal: one entry per change of the registry.
CREATE TABLE journal (
    seq           INTEGER PRIMARY KEY,
    time          TEXT NOT NULL,
    actor         TEXT NOT NULL,
    command       TEXT NOT NULL,
    article       TEXT,
    domain        TEXT,
    reason        TEXT,
    inputs        TEXT NOT NULL,               -- JSON
    outcome       TEXT NOT NULL,               -- JSON
    policy_digest TEXT NOT NULL,
    lists_version INTEGER NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL,
    redacted      TEXT                         -- JSON, after an erasure (journal.rs)
);
CREATE INDEX journal_domain ON journal(domain);
CREATE INDEX journal_time ON journal(time);
-- A contact's entries, for rebuilding it as of a time (store::history).
CREATE INDEX journal_contact ON journal(json_extract(outcome, '$.id'))
    WHERE command IN ('contact add', 'contact update');

-- WHOIS server: every query, and per-address suspension episodes.
CREATE TABLE whois_query (
    id      INTEGER PRIMARY KEY,
    time    TEXT NOT NULL,
    address TEXT NOT NULL,
    query   TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX whois_query_address ON whois_query(address, time);

CREATE TABLE whois_block (
    address  TEXT PRIMARY KEY,
    episodes INTEGER NOT NULL,
    until    TEXT NOT NULL
);

-- Zone exports: serial, content digest (serial excluded), delegations.
-- The last row is the last export.
CREATE TABLE zone_export (
    id      INTEGER PRIMARY KEY,
    time    TEXT NOT NULL,
    serial  INTEGER NOT NULL,
    digest  TEXT NOT NULL,
    count   INTEGER NOT NULL,
    path    TEXT
);

-- The delegations of the last export, each with a digest of its records,
-- to count what changed since (zone export --max-changes).
CREATE TABLE zone_delegation (
    name   TEXT PRIMARY KEY,
    digest BLOB NOT NULL
) WITHOUT ROWID;
