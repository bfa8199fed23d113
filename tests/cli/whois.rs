//! Tests of `whois NAME`: the record and its disclosure rules (Art. 30),
//! and the answers to bad and free names. The server: `whois_server.rs`.

use crate::seed;
use crate::support::{Reg, whois_body};

const NOT_DISCLOSED: &str = "Not disclosed (Art. 30.3)";

/// Persons with and without consent, an organisation without consent, a
/// registrar, and names managed by each.
pub fn sample() -> Reg {
    let reg = Reg::new();
    seed::contact(&reg, "ana", "person", "Ana Silva", true);
    seed::contact(&reg, "joao", "person", "João Pereira", false);
    seed::contact(&reg, "org", "organization", "Padaria Lusa", false);
    seed::registrar(&reg, "lusonet", "LusoNet Registos");
    seed::domain(
        &reg,
        seed::Domain {
            name: "exemplo.pt",
            registrant: "joao",
            manager: Some("lusonet"),
            ns: &["ns1.exemplo.pt=192.0.2.1,2001:db8::1", "ns2.exemplo.net"],
            ds: &["2371 13 2 C988EC423E3880EB8DD8A46E2B8BD4FD9C7DC8F5D3E3E0E0F23E4E2F0E6A1B2C"],
            ..Default::default()
        },
    );
    seed::domain(
        &reg,
        seed::Domain {
            name: "xn--mo-sia.pt",
            unicode: "mão.pt",
            registrant: "ana",
            state: "reserved",
            ns: &[],
            ..Default::default()
        },
    );
    seed::domain(
        &reg,
        seed::Domain {
            name: "padaria.com.pt",
            registrant: "org",
            ..Default::default()
        },
    );
    seed::domain(
        &reg,
        seed::Domain {
            name: "antigo.pt",
            registrant: "org",
            state: "removed",
            ..Default::default()
        },
    );
    reg
}

#[test]
fn a_person_without_consent_is_not_disclosed_and_a_registrar_is() {
    let reg = sample();
    let text = reg.ok(&["whois", "exemplo.pt"]);
    let expected = "\
% .pt WHOIS directory
%
% The .pt directory shows who holds and who manages a .pt domain name and
% its technical data, as Art. 30 of the .PT domain registration rules
% provides.
% Personal data of natural persons is shown only with their consent (Art.
% 30.3); the identification of organisations is always shown (Art. 30.7).
% Use the data only for matters of the domain name it answers for: copying
% the directory, bulk or automated collection, and marketing are not
% allowed. Queries are limited per source address and logged.
%
% Answer at 2026-03-01T09:00:00Z

Domain: exemplo.pt
Domain (Unicode): exemplo.pt
Creation Date: 2026-01-15T10:00:00Z
Expiration Date: 2027-01-15T10:00:00Z
Status: registered
Registrant Name: Not disclosed (Art. 30.3)
Registrant Address: Not disclosed (Art. 30.3)
Registrant Email: Not disclosed (Art. 30.3)
Registrar Name: LusoNet Registos
Registrar Email: registos@lusonet.pt
Name Server: ns1.exemplo.pt 192.0.2.1 2001:db8::1
Name Server: ns2.exemplo.net
DNSSEC: signedDelegation
DS: 2371 13 2 C988EC423E3880EB8DD8A46E2B8BD4FD9C7DC8F5D3E3E0E0F23E4E2F0E6A1B2C
";
    assert_eq!(text, expected);
    assert!(!text.contains("João"));
    assert!(!text.contains("joao@"));
}

#[test]
fn a_person_with_consent_and_an_organisation_are_disclosed() {
    let reg = sample();
    // Self-managed: the managing entity is the registrant (Art. 24).
    let mao = whois_body(&reg.ok(&["whois", "mão.pt"]));
    assert!(mao.starts_with("Domain: xn--mo-sia.pt\nDomain (Unicode): mão.pt\n"));
    assert!(mao.contains("Status: reserved\n"));
    assert!(mao.contains("Registrant Name: Ana Silva\n"));
    assert!(mao.contains("Registrant Address: Rua de Ana Silva 1, Lisboa\n"));
    assert!(mao.contains("Manager Name: Ana Silva\nManager Address: Rua de Ana Silva 1, Lisboa\nManager Email: ana@exemplo.pt\n"));
    assert!(!mao.contains("Name Server:"));
    assert!(mao.ends_with("\nDNSSEC: unsigned\n"), "{mao}");
    assert!(!mao.contains(NOT_DISCLOSED));
    // An organisation, without consent, is always disclosed (Art. 30.7).
    let org = reg.ok(&["whois", "PADARIA.COM.PT."]);
    assert!(org.contains("Registrant Name: Padaria Lusa\n"), "{org}");
    assert!(org.contains("Registrant Email: org@exemplo.pt\n"), "{org}");
    assert!(!org.contains(NOT_DISCLOSED));
}

#[test]
fn json_gives_the_same_fields() {
    let reg = sample();
    let v = reg.json(&["whois", "exemplo.pt"]);
    assert_eq!(v["name"], "exemplo.pt");
    assert_eq!(v["unicode"], "exemplo.pt");
    assert_eq!(v["created"], "2026-01-15T10:00:00Z");
    assert_eq!(v["expires"], "2027-01-15T10:00:00Z");
    assert_eq!(v["state"], "registered");
    assert_eq!(
        v["registrant"],
        serde_json::json!({"name": NOT_DISCLOSED, "address": NOT_DISCLOSED, "email": NOT_DISCLOSED})
    );
    assert_eq!(v["manager"]["name"], "LusoNet Registos");
    assert_eq!(v["manager"]["address"], serde_json::Value::Null);
    assert_eq!(
        v["nameservers"][0],
        serde_json::json!({"host": "ns1.exemplo.pt", "addresses": ["192.0.2.1", "2001:db8::1"]})
    );
    assert_eq!(v["ds"].as_array().map(Vec::len), Some(1));
}

#[test]
fn invalid_queries_and_free_names() {
    let reg = sample();
    for q in ["exemplo.com", "pt", "not a name", "exemplo..pt"] {
        let err = reg.fails(2, &["whois", q]);
        assert_eq!(err.trim(), "error: invalid query", "{q:?}");
    }
    // Never registered, or removed: the name is free. As the server does,
    // the answer is on stdout (after the header), and the exit status 4.
    for q in ["livre.pt", "antigo.pt", "ns1.exemplo.pt"] {
        let out = reg.cmd(&["whois", q]).output().expect("run");
        assert_eq!(out.status.code(), Some(4), "{q}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.starts_with("% .pt WHOIS directory\n"), "{stdout}");
        assert_eq!(whois_body(&stdout), format!("No match for {q}\n"));
        assert!(out.stderr.is_empty(), "{q}");
    }
    let out = reg
        .cmd(&["--json", "whois", "livre.pt"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(4));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("JSON error");
    assert_eq!(err["error"]["kind"], "not_found");
    assert_eq!(err["error"]["message"], "No match for livre.pt");
    let err = reg.fails(2, &["whois", "exemplo.pt", "--as-of", "yesterday"]);
    assert!(err.contains("--as-of"), "{err}");
}
