-- EPP for registrars: credentials, the poll queue's acknowledgements, and
-- which registrar sponsors a contact it created over EPP.

-- A registrar's EPP access: the password only as an Argon2id PHC string,
-- the SHA-256 fingerprints of the client certificates it may present
-- (space-separated lowercase hex; empty: any certificate, or none), and
-- the networks it may connect from (space-separated CIDRs; empty: any).
CREATE TABLE registrar_credential (
    registrar     TEXT PRIMARY KEY REFERENCES registrar(id),
    password_hash TEXT NOT NULL,
    cert_sha256   TEXT NOT NULL DEFAULT '',
    allow_from    TEXT NOT NULL DEFAULT '',
    updated       TEXT NOT NULL
);

-- Poll messages a registrar has acknowledged (a notice of the outbox
-- addressed to the registrar's e-mail address is in its queue until then).
CREATE TABLE epp_ack (
    registrar TEXT NOT NULL,
    notice    INTEGER NOT NULL REFERENCES notice(id),
    time      TEXT NOT NULL,
    PRIMARY KEY (registrar, notice)
) WITHOUT ROWID;
CREATE INDEX notice_recipient ON notice(recipient, id);

-- The registrar that created a contact over EPP, and so may change it.
CREATE TABLE contact_sponsor (
    contact   TEXT PRIMARY KEY REFERENCES contact(id),
    registrar TEXT NOT NULL REFERENCES registrar(id)
) WITHOUT ROWID;

-- Host objects (RFC 5732): a nameserver host under .pt with its addresses,
-- sponsored by the registrar that manages its superordinate domain. The
-- addresses are the glue of every delegation naming the host: the
-- nameserver rows carry them, and every write of a host (or of a
-- delegation giving the host's addresses, `--ns HOST=IP`) rewrites them
-- all in the same transaction (store::hosts), so the two never disagree.
-- (The delegations naming a host are found by the index nameserver_host.)
CREATE TABLE host (
    name      TEXT PRIMARY KEY,                -- A-label, no final dot
    sponsor   TEXT REFERENCES registrar(id),   -- NULL: registry staff
    addresses TEXT NOT NULL DEFAULT '',        -- space-separated IPs
    created   TEXT NOT NULL,
    updated   TEXT NOT NULL
) WITHOUT ROWID;
