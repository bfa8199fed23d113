//! Registries prepared for the WHOIS and zone tests: rows written straight
//! into the file (domains in any state, with any technical data), and a
//! registry of names registered through `register`.

use rusqlite::{Connection, params};

use crate::support::Reg;

pub fn conn(reg: &Reg) -> Connection {
    Connection::open(&reg.db).expect("open the registry file")
}

/// A contact: `kind` is `person` or `organization`.
pub fn contact(reg: &Reg, id: &str, kind: &str, name: &str, consent: bool) {
    conn(reg)
        .execute(
            "INSERT INTO contact(id, kind, name, email, phone, address, country,
                whois_consent, created, updated)
             VALUES (?1, ?2, ?3, ?4, '+351.912345678', ?5, 'PT', ?6,
                '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            params![
                id,
                kind,
                name,
                format!("{id}@exemplo.pt"),
                format!("Rua de {name} 1, Lisboa"),
                consent
            ],
        )
        .expect("insert contact");
}

pub fn registrar(reg: &Reg, id: &str, name: &str) {
    conn(reg)
        .execute(
            "INSERT INTO registrar(id, name, email, created)
             VALUES (?1, ?2, ?3, '2026-01-01T00:00:00Z')",
            params![id, name, format!("registos@{id}.pt")],
        )
        .expect("insert registrar");
}

/// A domain with nameservers (`host` or `host=ip,ip`) and DS texts.
pub struct Domain<'a> {
    pub name: &'a str,
    pub unicode: &'a str,
    pub state: &'a str,
    pub registrant: &'a str,
    pub manager: Option<&'a str>,
    pub ns: &'a [&'a str],
    pub ds: &'a [&'a str],
}

impl Default for Domain<'_> {
    fn default() -> Self {
        Domain {
            name: "exemplo.pt",
            unicode: "",
            state: "registered",
            registrant: "org",
            manager: None,
            ns: &["ns1.exemplo.pt=192.0.2.1", "ns2.exemplo.net"],
            ds: &[],
        }
    }
}

pub fn domain(reg: &Reg, d: Domain<'_>) {
    let c = conn(reg);
    let hierarchy = d.name.split_once('.').map_or("pt", |(_, h)| h);
    let unicode = if d.unicode.is_empty() {
        d.name
    } else {
        d.unicode
    };
    c.execute(
        "INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
            manager, tech, state_since, removed)
         VALUES (?1, ?2, ?3, ?4, '2026-01-15T10:00:00Z', '2027-01-15T10:00:00Z', ?5, ?6, ?5,
            '2026-01-15T10:00:00Z', CASE WHEN ?4 = 'removed' THEN '2026-02-01T00:00:00Z' END)",
        params![d.name, unicode, hierarchy, d.state, d.registrant, d.manager],
    )
    .expect("insert domain");
    let id = c.last_insert_rowid();
    for (pos, ns) in d.ns.iter().enumerate() {
        let (host, ips) = ns.split_once('=').unwrap_or((ns, ""));
        c.execute(
            "INSERT INTO nameserver(domain_id, pos, host, addresses) VALUES (?1, ?2, ?3, ?4)",
            params![id, pos as i64, host, ips.replace(',', " ")],
        )
        .expect("insert nameserver");
    }
    for (pos, ds) in d.ds.iter().enumerate() {
        c.execute(
            "INSERT INTO ds(domain_id, pos, rdata) VALUES (?1, ?2, ?3)",
            params![id, pos as i64, ds],
        )
        .expect("insert ds");
    }
}

/// Moves a live domain to another state.
pub fn set_state(reg: &Reg, name: &str, state: &str) {
    conn(reg)
        .execute(
            "UPDATE domain SET state = ?2 WHERE name = ?1 AND state <> 'removed'",
            params![name, state],
        )
        .expect("update state");
}

/// Names registered through `register`, with glue, DS and an IDN.
pub fn registered() -> Reg {
    let reg = Reg::with_fixtures();
    let sha256 = "2371 13 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";
    let sha384 = format!("60485 8 4 {}", "AB".repeat(48));
    reg.ok(&[
        "register",
        "padarialusa.pt",
        "--registrant",
        "padaria-lusa",
        "--ns",
        "ns1.padarialusa.pt=192.0.2.10,2001:db8::10",
        "--ns",
        "ns2.dns-exemplo.net",
        "--ds",
        sha256,
        "--ds",
        &sha384,
    ]);
    reg.ok(&[
        "register",
        "ação.pt",
        "--registrant",
        "ana-silva",
        "--manager",
        "lusonet",
        "--ns",
        "ns1.padarialusa.pt",
        "--ns",
        "ns.ação.pt=198.51.100.20",
    ]);
    reg.ok(&[
        "register",
        "joaopereira.com.pt",
        "--registrant",
        "joao-pereira",
        "--ns",
        "a.ns.exemplo.net",
        "--ns",
        "b.ns.exemplo.net",
    ]);
    reg.ok(&["register", "reservado.pt", "--registrant", "maria-costa"]);
    reg
}
