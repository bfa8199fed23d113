//! `epp exec`: one command document in, one response out, the registrar
//! counting as logged in; the codes and `[Art. X]` reasons of the rules.

use super::{code, command, exec, registry};

const D: &str = r#"xmlns:domain="urn:ietf:params:xml:ns:domain-1.0""#;
const C: &str = r#"xmlns:contact="urn:ietf:params:xml:ns:contact-1.0""#;
const H: &str = r#"xmlns:host="urn:ietf:params:xml:ns:host-1.0""#;

fn create_contact(id: &str, disclose: &str) -> String {
    command(&format!(
        r#"<create><contact:create {C}><contact:id>{id}</contact:id><contact:postalInfo type="loc"><contact:name>Ana Silva</contact:name><contact:addr><contact:street>Rua A 1</contact:street><contact:city>Lisboa</contact:city><contact:cc>PT</contact:cc></contact:addr></contact:postalInfo><contact:voice>+351.912345678</contact:voice><contact:email>ana@example.pt</contact:email><contact:authInfo><contact:pw>x</contact:pw></contact:authInfo>{disclose}</contact:create></create>"#
    ))
}

fn create_domain(name: &str, ns: &str, ext: &str) -> String {
    command(&format!(
        r#"<create><domain:create {D}><domain:name>{name}</domain:name><domain:period unit="y">1</domain:period>{ns}<domain:registrant>ana</domain:registrant><domain:contact type="tech">ana</domain:contact><domain:contact type="admin">ana</domain:contact><domain:authInfo><domain:pw>my-code-1</domain:pw></domain:authInfo></domain:create></create>{ext}"#
    ))
}

fn info(name: &str, auth: &str) -> String {
    command(&format!(
        r#"<info><domain:info {D}><domain:name>{name}</domain:name>{auth}</domain:info></info>"#
    ))
}

#[test]
fn hello_greets_and_ids_are_echoed() {
    let reg = registry();
    let hello = exec(
        &reg,
        "r1",
        r#"<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><hello/></epp>"#,
    );
    assert!(hello.contains("<greeting>"), "{hello}");
    assert!(
        hello.contains("<svDate>2026-03-01T09:00:00Z</svDate>"),
        "{hello}"
    );
    assert!(
        hello.contains("urn:ietf:params:xml:ns:secDNS-1.1"),
        "{hello}"
    );
    assert!(hello.contains("<dcp>"), "{hello}");
    let a = exec(&reg, "r1", &info("outro.pt", ""));
    let b = exec(&reg, "r1", &info("outro.pt", ""));
    assert!(a.contains("<clTRID>TEST-1</clTRID>"), "{a}");
    let sv = |x: &str| {
        x.split("<svTRID>")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string()
    };
    assert_ne!(sv(&a), sv(&b), "svTRID is unique");
    // Logged in already: a login is a use error; logout ends the session.
    let login = command("<login><clID>r1</clID><pw>s3cret-pw</pw></login>");
    assert_eq!(code(&exec(&reg, "r1", &login)), 2002);
    assert_eq!(code(&exec(&reg, "r1", &command("<logout/>"))), 1500);
}

#[test]
fn malformed_documents_are_2001_and_unknown_commands_2000() {
    let reg = registry();
    for bad in [
        "not xml at all",
        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><command>",
        r#"<?xml version="1.0"?><!DOCTYPE epp [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><epp xmlns="urn:ietf:params:xml:ns:epp-1.0">&b;</epp>"#,
        r#"<!DOCTYPE epp [<!ENTITY x SYSTEM "file:///etc/passwd">]><epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><hello>&x;</hello></epp>"#,
        r#"<epp xmlns="urn:example:not-epp"><hello/></epp>"#,
        r#"<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><command><check xmlns="urn:example"/></command></epp>"#,
    ] {
        let r = exec(&reg, "r1", bad);
        assert_eq!(code(&r), 2001, "{bad} -> {r}");
        assert!(!r.contains("passwd:"), "{r}");
    }
    assert_eq!(code(&exec(&reg, "r1", &command("<fly/>"))), 2000);
    let other = command(
        r#"<check><x:check xmlns:x="urn:example:obj"><x:name>a</x:name></x:check></check>"#,
    );
    assert_eq!(code(&exec(&reg, "r1", &other)), 2307);
}

#[test]
fn check_is_open_and_gives_the_article() {
    let reg = registry();
    let r = exec(
        &reg,
        "r1",
        &command(&format!(
            r#"<check><domain:check {D}><domain:name>outro.pt</domain:name><domain:name>lisboa.pt</domain:name><domain:name>Maçã.pt</domain:name><domain:name>-ab.pt</domain:name></domain:check></check>"#
        )),
    );
    assert_eq!(code(&r), 1000);
    assert!(
        r.contains(r#"<domain:name avail="0">outro.pt</domain:name><domain:reason>[Art. 6.1.a]"#),
        "{r}"
    );
    assert!(
        r.contains(r#"<domain:name avail="0">lisboa.pt</domain:name><domain:reason>[Art. 6.1.c]"#),
        "{r}"
    );
    assert!(
        r.contains(r#"<domain:name avail="1">xn--ma-tiap.pt</domain:name>"#),
        "{r}"
    );
    assert!(
        r.contains(r#"avail="0">-ab.pt</domain:name><domain:reason>[Art. 5"#),
        "{r}"
    );
}

#[test]
fn contacts_disclose_is_the_whois_consent() {
    let reg = registry();
    let r = exec(
        &reg,
        "r1",
        &create_contact(
            "ana",
            r#"<contact:disclose flag="1"><contact:email/></contact:disclose>"#,
        ),
    );
    assert_eq!(code(&r), 1000, "{r}");
    assert_eq!(reg.json(&["contact", "show", "ana"])["whois_consent"], true);
    assert_eq!(code(&exec(&reg, "r1", &create_contact("ana", ""))), 2302);
    let withdraw = command(&format!(
        r#"<update><contact:update {C}><contact:id>ana</contact:id><contact:chg><contact:disclose flag="0"><contact:email/></contact:disclose></contact:chg></contact:update></update>"#
    ));
    assert_eq!(code(&exec(&reg, "r1", &withdraw)), 1000);
    assert_eq!(
        reg.json(&["contact", "show", "ana"])["whois_consent"],
        false
    );
    // Only its sponsor sees and changes it.
    let info = command(&format!(
        r#"<info><contact:info {C}><contact:id>ana</contact:id></contact:info></info>"#
    ));
    assert_eq!(code(&exec(&reg, "r2", &info)), 2201);
    assert!(exec(&reg, "r1", &info).contains("<contact:email>ana@example.pt</contact:email>"));
    assert_eq!(
        code(&exec(&reg, "r1", &withdraw.replace("ana<", "nobody<"))),
        2303
    );
    // Delete is the erasure of `contact erase`, refused while a live
    // domain uses the contact.
    let del = |id: &str| {
        command(&format!(
            r#"<delete><contact:delete {C}><contact:id>{id}</contact:id></contact:delete></delete>"#
        ))
    };
    assert_eq!(code(&exec(&reg, "r1", &del("bea"))), 2201);
    let used = command(&format!(
        r#"<create><domain:create {D}><domain:name>usada.pt</domain:name><domain:registrant>ana</domain:registrant></domain:create></create>"#
    ));
    assert_eq!(code(&exec(&reg, "r1", &used)), 1000);
    assert_eq!(code(&exec(&reg, "r1", &del("ana"))), 2305);
    assert_eq!(code(&exec(&reg, "r1", &create_contact("solo", ""))), 1000);
    assert_eq!(code(&exec(&reg, "r1", &del("solo"))), 1000);
    let shown = reg.ok(&["contact", "show", "solo"]);
    assert!(
        !shown.contains("Ana Silva") && !shown.contains("ana@example.pt"),
        "{shown}"
    );
    assert!(reg.ok(&["audit", "verify"]).contains("intact"));
    // A bad phone is refused with the field named.
    let bad = create_contact("ze2", "").replace("+351.912345678", "912345678");
    let r = exec(&reg, "r1", &bad);
    assert_eq!(code(&r), 2306, "{r}");
    assert!(r.contains("phone"), "{r}");
}

#[test]
fn domains_follow_the_rules_and_belong_to_their_registrar() {
    let reg = registry();
    exec(&reg, "r1", &create_contact("ana", ""));
    let ns = r#"<domain:ns><domain:hostAttr><domain:hostName>ns1.exemplo.pt</domain:hostName><domain:hostAddr ip="v4">192.0.2.1</domain:hostAddr></domain:hostAttr><domain:hostAttr><domain:hostName>ns.example.net</domain:hostName></domain:hostAttr></domain:ns>"#;
    let ds = r#"<extension><secDNS:create xmlns:secDNS="urn:ietf:params:xml:ns:secDNS-1.1"><secDNS:dsData><secDNS:keyTag>1</secDNS:keyTag><secDNS:alg>13</secDNS:alg><secDNS:digestType>2</secDNS:digestType><secDNS:digest>0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF</secDNS:digest></secDNS:dsData></secDNS:create><ptreg:create xmlns:ptreg="urn:ptreg:params:xml:ns:ptreg-1.0"><ptreg:arbitration>true</ptreg:arbitration></ptreg:create></extension>"#;
    let r = exec(&reg, "r1", &create_domain("exemplo.pt", ns, ds));
    assert_eq!(code(&r), 1000, "{r}");
    assert!(
        // A year from 1 March: to 24:00 (Lisbon, on UTC then) on 1 March.
        r.contains("<domain:exDate>2027-03-02T00:00:00Z</domain:exDate>"),
        "{r}"
    );
    let shown = reg.json(&["show", "exemplo.pt"]);
    assert_eq!(shown["state"], "registered");
    assert_eq!(shown["arbitration"], true);
    assert_eq!(shown["manager"], "r1");
    // Existing name: 2302 with Art. 6.1.a; geographic: 2306 with Art. 7.2.
    let r = exec(&reg, "r1", &create_domain("exemplo.pt", "", ""));
    assert_eq!(code(&r), 2302, "{r}");
    assert!(r.contains("[Art. 6.1.a]"), "{r}");
    let r = exec(&reg, "r1", &create_domain("lisboa.pt", "", ""));
    assert_eq!(code(&r), 2306, "{r}");
    assert!(r.contains("[Art. 7.2]"), "{r}");
    // Legitimacy grounds (Art. 7.2/8.5) through the ptreg extension.
    let legit = r#"<extension><ptreg:create xmlns:ptreg="urn:ptreg:params:xml:ns:ptreg-1.0"><ptreg:legitimacy>Câmara Municipal de Lisboa</ptreg:legitimacy></ptreg:create></extension>"#;
    assert_eq!(
        code(&exec(&reg, "r1", &create_domain("lisboa.pt", "", legit))),
        1000
    );
    assert!(reg.json(&["show", "lisboa.pt"])["case"].is_number());
    // One nameserver does not delegate (Art. 3.1).
    let one = r#"<domain:ns><domain:hostObj>ns.example.net</domain:hostObj></domain:ns>"#;
    let r = exec(&reg, "r1", &create_domain("um.pt", one, ""));
    assert!(r.contains("[Art. 3.1]"), "{r}");
    // Another registrar's name: 2201, unless it gives the name's code.
    assert_eq!(code(&exec(&reg, "r2", &info("exemplo.pt", ""))), 2201);
    let with_code = info(
        "exemplo.pt",
        "<domain:authInfo><domain:pw>my-code-1</domain:pw></domain:authInfo>",
    );
    assert_eq!(code(&exec(&reg, "r2", &with_code)), 1000);
    let renew = command(&format!(
        r#"<renew><domain:renew {D}><domain:name>exemplo.pt</domain:name><domain:curExpDate>2027-03-02</domain:curExpDate><domain:period unit="y">1</domain:period></domain:renew></renew>"#
    ));
    assert_eq!(code(&exec(&reg, "r2", &renew)), 2201);
    assert_eq!(
        code(&exec(
            &reg,
            "r1",
            &renew.replace("2027-03-02<", "2027-03-01<")
        )),
        2004
    );
    let r = exec(&reg, "r1", &renew);
    assert_eq!(code(&r), 1000, "{r}");
    assert!(
        r.contains("<domain:exDate>2028-03-02T00:00:00Z</domain:exDate>"),
        "{r}"
    );
    assert_eq!(code(&exec(&reg, "r1", &info("nada.pt", ""))), 2303);
    // Every nameserver changes while the DS stays: done, with a warning.
    let swap = command(&format!(
        r#"<update><domain:update {D}><domain:name>exemplo.pt</domain:name><domain:add><domain:ns><domain:hostObj>ns1.example.org</domain:hostObj><domain:hostObj>ns2.example.org</domain:hostObj></domain:ns></domain:add><domain:rem><domain:ns><domain:hostObj>ns1.exemplo.pt</domain:hostObj><domain:hostObj>ns.example.net</domain:hostObj></domain:ns></domain:rem></domain:update></update>"#
    ));
    let r = exec(&reg, "r1", &swap);
    assert_eq!(code(&r), 1000, "{r}");
    assert!(
        r.contains("<reason>warning: every nameserver of exemplo.pt changes"),
        "{r}"
    );
    let shown = reg.json(&["show", "exemplo.pt"]);
    assert_eq!(shown["nameservers"][0]["host"], "ns1.example.org");
    assert_eq!(shown["ds"].as_array().unwrap().len(), 1);
    // The code given at create moves the name (Art. 15.1), once.
    let transfer = command(&format!(
        r#"<transfer op="request"><domain:transfer {D}><domain:name>exemplo.pt</domain:name><domain:period unit="y">0</domain:period><domain:authInfo><domain:pw>my-code-1</domain:pw></domain:authInfo></domain:transfer></transfer>"#
    ));
    let r = exec(&reg, "r2", &transfer);
    assert_eq!(code(&r), 1000, "{r}");
    assert!(
        r.contains("<domain:trStatus>serverApproved</domain:trStatus>"),
        "{r}"
    );
    assert!(
        r.contains("<domain:exDate>2028-03-02T00:00:00Z</domain:exDate>"),
        "no period, no change: {r}"
    );
    assert_eq!(code(&exec(&reg, "r1", &transfer)), 2202);
    let query = command(&format!(
        r#"<transfer op="query"><domain:transfer {D}><domain:name>exemplo.pt</domain:name></domain:transfer></transfer>"#
    ));
    let r = exec(&reg, "r2", &query);
    assert!(r.contains("<domain:acID>r1</domain:acID>"), "{r}");
    assert!(reg.ok(&["audit", "verify"]).contains("intact"));
}

#[test]
fn hosts_carry_the_glue_of_every_delegation() {
    let reg = registry();
    exec(&reg, "r1", &create_contact("ana", ""));
    let ext = |n: &str| format!(r#"<domain:hostObj>{n}</domain:hostObj>"#);
    let ns = format!(
        "<domain:ns>{}{}</domain:ns>",
        ext("ns1.example.net"),
        ext("ns2.example.net")
    );
    assert_eq!(
        code(&exec(&reg, "r1", &create_domain("exemplo.pt", &ns, ""))),
        1000
    );
    let host = |addr: &str| {
        command(&format!(
            r#"<create><host:create {H}><host:name>ns1.exemplo.pt</host:name>{addr}</host:create></create>"#
        ))
    };
    // Inside exemplo.pt: its addresses are required, and only r1 may make it.
    assert_eq!(code(&exec(&reg, "r1", &host(""))), 2003);
    let v4 = r#"<host:addr ip="v4">192.0.2.1</host:addr>"#;
    assert_eq!(code(&exec(&reg, "r2", &host(v4))), 2201);
    assert_eq!(code(&exec(&reg, "r1", &host(v4))), 1000);
    assert_eq!(code(&exec(&reg, "r1", &host(v4))), 2302);
    // The CLI names the host too: one host, one set of addresses.
    reg.ok(&[
        "register",
        "terceiro.pt",
        "--registrant",
        "bea",
        "--ns",
        "ns1.exemplo.pt",
        "--ns",
        "ns.example.net",
    ]);
    let add = command(&format!(
        r#"<update><domain:update {D}><domain:name>exemplo.pt</domain:name><domain:add><domain:ns>{}</domain:ns></domain:add><domain:rem><domain:ns>{}</domain:ns></domain:rem></domain:update></update>"#,
        ext("ns1.exemplo.pt"),
        ext("ns2.example.net")
    ));
    assert_eq!(code(&exec(&reg, "r1", &add)), 1000);
    let change = command(&format!(
        r#"<update><host:update {H}><host:name>ns1.exemplo.pt</host:name><host:add><host:addr ip="v4">192.0.2.9</host:addr></host:add><host:rem><host:addr ip="v4">192.0.2.1</host:addr></host:rem></host:update></update>"#
    ));
    assert_eq!(code(&exec(&reg, "r1", &change)), 1000);
    for name in ["exemplo.pt", "terceiro.pt"] {
        let shown = reg.json(&["show", name]);
        let glue: Vec<_> = shown["nameservers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["host"] == "ns1.exemplo.pt")
            .map(|n| n["addresses"].clone())
            .collect();
        assert_eq!(glue, vec![serde_json::json!(["192.0.2.9"])], "{name}");
    }
    let zone = reg.ok(&["zone", "export"]);
    assert!(zone.contains("ns1.exemplo.pt. IN A 192.0.2.9"), "{zone}");
    // `--ns HOST=IP` of the host's own domain moves the host object too.
    reg.ok(&[
        "update",
        "exemplo.pt",
        "--ns",
        "ns1.exemplo.pt=192.0.2.7",
        "--ns",
        "ns1.example.net",
    ]);
    let hinfo = command(&format!(
        r#"<info><host:info {H}><host:name>ns1.exemplo.pt</host:name></host:info></info>"#
    ));
    let r = exec(&reg, "r1", &hinfo);
    assert!(
        r.contains(r#"<host:addr ip="v4">192.0.2.7</host:addr>"#),
        "{r}"
    );
    assert!(r.contains(r#"<host:status s="linked"/>"#), "{r}");
    assert_eq!(
        reg.json(&["show", "terceiro.pt"])["nameservers"][0]["addresses"][0],
        "192.0.2.7"
    );
    // Named by delegations: not deleted (2305).
    let del = command(&format!(
        r#"<delete><host:delete {H}><host:name>ns1.exemplo.pt</host:name></host:delete></delete>"#
    ));
    assert_eq!(code(&exec(&reg, "r1", &del)), 2305);
    assert!(reg.ok(&["audit", "verify"]).contains("intact"));
    // Host objects, credentials and sponsors travel with export and import.
    let dump = reg.dir.path().join("dump.jsonl");
    reg.ok(&["export", "--out", crate::support::path_str(&dump)]);
    let copy = crate::support::Reg::new();
    copy.ok(&["import", crate::support::path_str(&dump)]);
    assert!(exec(&copy, "r1", &hinfo).contains(r#"<host:addr ip="v4">192.0.2.7</host:addr>"#));
    assert!(copy.ok(&["audit", "verify"]).contains("intact"));
}

#[test]
fn delete_starts_the_opposition_period() {
    let reg = registry();
    let del = |n: &str| {
        command(&format!(
            r#"<delete><domain:delete {D}><domain:name>{n}</domain:name></domain:delete></delete>"#
        ))
    };
    assert_eq!(code(&exec(&reg, "r1", &del("outro.pt"))), 2201);
    let r = exec(&reg, "r2", &del("outro.pt"));
    assert_eq!(code(&r), 1001, "{r}");
    assert!(r.contains("[Art. 21.2]"), "{r}");
    // The 8 days run from the notification (Art. 21.2): no date until the
    // notice is sent.
    assert!(r.contains("within 8 days of being notified"), "{r}");
    let shown = reg.json(&["show", "outro.pt"]);
    assert!(shown["pending_removal"]["effective"].is_null(), "{shown}");
    assert_eq!(shown["pending_removal"]["by"], "manager");
    reg.ok(&["lock", "alheio.pt", "--case", "Proc. 1/26"]);
    let r = exec(&reg, "r2", &del("alheio.pt"));
    assert!(r.contains("[Art. 21.3]"), "{r}");
}
