//! The synthetic registry of the benchmark: N names, deterministic for a
//! seed (xoshiro256++, a fixed algorithm), written as the two files an
//! operator would migrate — `people.jsonl` (contacts and registrars) and
//! `domains.csv` (the columns `import` reads, docs/formats.md).
//!
//! Shaped like .pt: mostly `.pt`, a share of `.com.pt`, a little `.gov.pt`
//! (managed by CEGER) and names kept in the closed hierarchies (Art. 31.3);
//! about 5 % IDNs; 2-4 nameservers at hosting companies, some with glue
//! inside the name, some DS; a tenth reserved without nameservers;
//! creation dates since 1991, expiries spread over the next year, and a
//! share `due` of names already expired (what the daily sweep acts on).

use std::io::{self, Write};

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

/// The clock the synthetic registry is made for.
pub const NOW: &str = "2026-03-01T09:00:00Z";
/// 2026-03-01T09:00:00Z as a Unix time.
const NOW_UNIX: i64 = 1_772_355_600;
const DAY: i64 = 86_400;

/// What to generate.
pub struct Spec {
    pub names: u64,
    pub seed: u64,
    /// Share of names whose expiry has passed (the sweep's work).
    pub due: f64,
}

/// Counts of what was written.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub contacts: u64,
    pub registrars: u64,
    pub domains: u64,
}

const SYLLABLES: &[&str] = &[
    "ca", "sa", "ma", "ri", "lo", "ta", "po", "ve", "lu", "si", "ba", "do", "ne", "tu", "fe", "ga",
    "ro", "mi", "nho", "lha", "ção", "zé", "pão", "mar", "sol", "vi", "no", "ar", "es",
];
const WORDS: &[&str] = &[
    "casa",
    "loja",
    "vinhos",
    "padaria",
    "oficina",
    "clinica",
    "hotel",
    "escola",
    "viagens",
    "moda",
    "auto",
    "tech",
    "digital",
    "imobiliaria",
    "advogados",
    "farmacia",
    "cafe",
    "restaurante",
];
const IDN_WORDS: &[&str] = &[
    "açores",
    "coração",
    "pão",
    "maçã",
    "limão",
    "informática",
    "música",
    "férias",
    "café",
    "saúde",
    "construções",
    "óculos",
    "açúcar",
    "joão",
    "são",
];
const CLOSED: &[&str] = &["org.pt", "edu.pt", "net.pt", "int.pt", "publ.pt", "nome.pt"];
const FIRST: &[&str] = &[
    "Ana", "João", "Maria", "Rui", "Sofia", "Carlos", "Inês", "Pedro", "Marta", "Tiago", "Beatriz",
];
const LAST: &[&str] = &[
    "Silva",
    "Santos",
    "Ferreira",
    "Pereira",
    "Oliveira",
    "Costa",
    "Rodrigues",
    "Martins",
    "Sousa",
];
const TOWNS: &[&str] = &[
    "1100-053 Lisboa",
    "4000-446 Porto",
    "4710-228 Braga",
    "3000-180 Coimbra",
    "8000-283 Faro",
    "7000-505 Évora",
    "9000-018 Funchal",
    "9500-150 Ponta Delgada",
];

fn pick<'a>(rng: &mut Xoshiro256PlusPlus, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

/// Base-36 of `i`: makes every label unique whatever the words drawn.
fn base36(mut i: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(i % 36) as usize]);
        i /= 36;
        if i == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Writes the people file and the domains file.
pub fn generate(
    spec: &Spec,
    people: &mut dyn Write,
    domains: &mut dyn Write,
) -> io::Result<Written> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(spec.seed);
    let mut w = Written::default();
    let contacts = (spec.names / 4).max(20);
    let registrars = 40u64;

    let mut line = String::new();
    for i in 0..contacts {
        let org = rng.random_bool(0.3);
        let name = if org {
            format!("{} {} Lda.", pick(&mut rng, WORDS), pick(&mut rng, LAST))
        } else {
            format!("{} {}", pick(&mut rng, FIRST), pick(&mut rng, LAST))
        };
        let rec = serde_json::json!({
            "type": "contact",
            "id": format!("c{i}"),
            "kind": if org { "organization" } else { "person" },
            "name": name,
            "email": format!("c{i}@exemplo.pt"),
            "phone": format!("+351.9{:08}", rng.random_range(0..100_000_000u32)),
            "address": format!("Rua {} {}, {}", pick(&mut rng, LAST), rng.random_range(1..300u32), pick(&mut rng, TOWNS)),
            "country": "PT",
            "whois_consent": rng.random_bool(0.4),
        });
        line.clear();
        line.push_str(&rec.to_string());
        line.push('\n');
        people.write_all(line.as_bytes())?;
        w.contacts += 1;
    }
    let mut registrar_ids: Vec<String> = vec!["CEGER".to_string()];
    registrar_ids.extend((1..registrars).map(|i| format!("reg{i}")));
    for id in &registrar_ids {
        let rec = serde_json::json!({
            "type": "registrar", "id": id, "name": format!("Registrar {id}, Lda."),
            "email": format!("registos@{}.exemplo.pt", id.to_lowercase()),
        });
        writeln!(people, "{rec}")?;
        w.registrars += 1;
    }

    let mut out = csv::Writer::from_writer(domains);
    out.write_record([
        "name",
        "registrant",
        "manager",
        "tech",
        "created",
        "expires",
        "state",
        "nameservers",
        "ds",
        "arbitration",
    ])?;
    let hosting = 2_000u64;
    for i in 0..spec.names {
        let roll: f64 = rng.random();
        let hierarchy = if roll < 0.80 {
            "pt"
        } else if roll < 0.95 {
            "com.pt"
        } else if roll < 0.96 {
            "gov.pt"
        } else {
            pick(&mut rng, CLOSED)
        };
        let stem = if rng.random_bool(0.05) {
            pick(&mut rng, IDN_WORDS).to_string()
        } else if rng.random_bool(0.5) {
            pick(&mut rng, WORDS).to_string()
        } else {
            format!("{}{}", pick(&mut rng, SYLLABLES), pick(&mut rng, SYLLABLES))
        };
        let name = format!("{stem}{}.{hierarchy}", base36(i));
        let registrant = format!("c{}", rng.random_range(0..contacts));
        let manager = if hierarchy == "gov.pt" {
            "CEGER".to_string()
        } else if rng.random_bool(0.1) {
            String::new() // the registrant manages it
        } else {
            registrar_ids[rng.random_range(1..registrar_ids.len())].clone()
        };
        let tech = if rng.random_bool(0.5) {
            String::new()
        } else {
            format!("c{}", rng.random_range(0..contacts))
        };
        let mut created = NOW_UNIX - rng.random_range(DAY..35 * 365 * DAY);
        // The next anniversary, or (for the due share) a date just past.
        let mut expires = created;
        while expires <= NOW_UNIX {
            expires += 365 * DAY;
        }
        let due = rng.random_bool(spec.due);
        if due {
            expires = NOW_UNIX - rng.random_range(1..20) * DAY;
            created = expires - rng.random_range(1..20) * 365 * DAY;
        }
        let ns_roll: f64 = rng.random();
        // None (reserved) or two to four (delegated): one is no delegation (Art. 3.1).
        let count = if ns_roll < 0.10 {
            0
        } else {
            rng.random_range(2..=4)
        };
        let mut nameservers = Vec::with_capacity(count);
        let glue = count >= 2 && rng.random_bool(0.08);
        let provider = rng.random_range(0..hosting);
        let tld = ["pt", "com", "net"][(provider % 3) as usize];
        for k in 0..count {
            if glue && k < 2 {
                nameservers.push(format!(
                    "ns{}.{name}=192.0.2.{},2001:db8::{:x}",
                    k + 1,
                    rng.random_range(1..255u32),
                    rng.random_range(1..65535u32)
                ));
            } else {
                nameservers.push(format!("ns{}.hosting{provider}.{tld}", k + 1));
            }
        }
        let ds = if count >= 2 && rng.random_bool(0.1) {
            let digest: String = (0..32)
                .map(|_| format!("{:02x}", rng.random::<u8>()))
                .collect();
            format!("{} 13 2 {digest}", rng.random_range(1..65535u32))
        } else {
            String::new()
        };
        let state = if !due && count == 0 && rng.random_bool(0.02) {
            "suspended"
        } else {
            ""
        };
        out.write_record([
            name.as_str(),
            &registrant,
            &manager,
            &tech,
            &time(created),
            &time(expires),
            state,
            &nameservers.join(" "),
            &ds,
            if rng.random_bool(0.3) {
                "true"
            } else {
                "false"
            },
        ])?;
        w.domains += 1;
    }
    out.flush()?;
    Ok(w)
}
