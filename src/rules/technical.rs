//! A domain's technical data: nameservers with their glue, DS records
//! and the state the nameserver count gives (Art. 2.3, 3.1).
//!
//! `register`, `update` and the importers all read technical data through
//! these functions. Malformed data is an `Err(String)` that echoes the value
//! (the caller reports it as usage, exit 2); the delegation rule is a
//! [`Refusal`] with its article.

use std::net::IpAddr;

use crate::model::{Nameserver, State};
use crate::rules::{Reason, Refusal};

mod resolve;

pub(crate) use resolve::{check_resolvable, names_to_resolve};

/// Parses `HOST[=IP,IP...]` for a nameserver of `domain_ascii` (an A-label
/// name such as `exemplo.pt`). The host is returned as a lower-case A-label
/// without the trailing dot; addresses in their canonical text form.
///
/// Glue is required for a host inside the domain itself (the delegation
/// could not be resolved without it) and allowed only for hosts under `.pt`
/// (for any other host it would be out-of-zone data in the `.pt` zone).
pub(crate) fn parse_nameserver(text: &str, domain_ascii: &str) -> Result<Nameserver, String> {
    let bad = |reason: String| format!("nameserver {text:?}: {reason}");
    let (host, addresses) = match text.trim().split_once('=') {
        Some((host, addrs)) => (host.trim(), Some(addrs)),
        None => (text.trim(), None),
    };
    let host = parse_host(host).map_err(bad)?;
    let addresses = match addresses {
        Some(list) => parse_addresses(list).map_err(bad)?,
        None => Vec::new(),
    };
    let domain = domain_ascii.trim_end_matches('.').to_ascii_lowercase();
    let in_bailiwick = host == domain || host.ends_with(&format!(".{domain}"));
    if in_bailiwick && addresses.is_empty() {
        return Err(bad(format!(
            "{host} is inside {domain}, so the delegation needs its addresses: \
             give them as {host}=IP[,IP...]"
        )));
    }
    if !addresses.is_empty() && !host.ends_with(".pt") {
        return Err(bad(format!(
            "glue addresses are only for hosts under .pt; {host} is resolved in its own zone"
        )));
    }
    Ok(Nameserver { host, addresses })
}

/// The most nameservers one domain may have (as in Nomulus and most
/// registries: a delegation's NS set fits one DNS answer; more only makes
/// every zone export and WHOIS answer larger).
pub(crate) const MAX_NAMESERVERS: usize = 13;

/// The most DS records one domain may have (a key roll with two algorithms
/// needs four; eight leaves room).
pub(crate) const MAX_DS: usize = 8;

/// Refuses more nameservers than [`MAX_NAMESERVERS`], before any is parsed.
pub(crate) fn check_nameserver_count(count: usize) -> Result<(), String> {
    if count > MAX_NAMESERVERS {
        return Err(format!(
            "{count} nameservers: a domain has at most {MAX_NAMESERVERS}"
        ));
    }
    Ok(())
}

/// Refuses more DS records than [`MAX_DS`], before any is parsed.
pub(crate) fn check_ds_count(count: usize) -> Result<(), String> {
    if count > MAX_DS {
        return Err(format!("{count} DS records: a domain has at most {MAX_DS}"));
    }
    Ok(())
}

/// Parses a whole set of nameservers, refusing a host given twice and more
/// than [`MAX_NAMESERVERS`].
pub(crate) fn parse_nameservers(
    texts: &[String],
    domain_ascii: &str,
) -> Result<Vec<Nameserver>, String> {
    check_nameserver_count(texts.len())?;
    let mut out: Vec<Nameserver> = Vec::with_capacity(texts.len());
    for text in texts {
        let ns = parse_nameserver(text, domain_ascii)?;
        if out.iter().any(|n| n.host == ns.host) {
            return Err(format!("nameserver {text:?}: {} is given twice", ns.host));
        }
        out.push(ns);
    }
    Ok(out)
}

/// A host name as a lower-case A-label with at least two labels, each 1 to
/// 63 letters, digits or inner hyphens, 253 octets at most.
pub(crate) fn parse_host(host: &str) -> Result<String, String> {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() {
        return Err("the host name is empty".into());
    }
    let ascii = idna::domain_to_ascii(host).map_err(|_| format!("{host:?} is no host name"))?;
    if ascii.len() > 253 {
        return Err("a host name has at most 253 octets".into());
    }
    let labels: Vec<&str> = ascii.split('.').collect();
    if labels.len() < 2 {
        return Err(format!("{ascii:?} is not a fully qualified host name"));
    }
    for label in &labels {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok {
            return Err(format!(
                "bad label {label:?} in {ascii:?} (letters, digits and inner hyphens, 1 to 63)"
            ));
        }
    }
    if labels[labels.len() - 1].bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{ascii:?} is an address, not a host name"));
    }
    Ok(ascii)
}

/// Comma-separated IPv4/IPv6 addresses, each usable on the internet's
/// public side (no loopback, unspecified or multicast), none repeated.
fn parse_addresses(list: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for item in list.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err("an empty address (write HOST=IP[,IP...])".into());
        }
        let ip: IpAddr = item
            .parse()
            .map_err(|_| format!("{item:?} is not an IPv4 or IPv6 address"))?;
        if ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() {
            return Err(format!("{item} cannot serve a delegation"));
        }
        let text = ip.to_string();
        if out.contains(&text) {
            return Err(format!("address {text} is given twice"));
        }
        out.push(text);
    }
    Ok(out)
}

/// DNSSEC algorithm numbers assigned by IANA for zone signing (0, 1 =
/// RSA/MD5, 2 = Diffie-Hellman, 4, 9, 11 and unassigned numbers are refused).
const DS_ALGORITHMS: &[u8] = &[3, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16];

/// DS digest types and the length of their digest in hex.
const DS_DIGESTS: &[(u8, usize, &str)] =
    &[(1, 40, "SHA-1"), (2, 64, "SHA-256"), (4, 96, "SHA-384")];

/// Parses a DS record `KEYTAG ALGORITHM DIGESTTYPE DIGEST` (the digest may be
/// split by spaces, as in presentation format). Returns its canonical text:
/// single spaces, the digest in upper case.
pub(crate) fn parse_ds(text: &str) -> Result<String, String> {
    let bad = |reason: String| format!("DS record {text:?}: {reason}");
    let fields: Vec<&str> = text.split_whitespace().collect();
    if fields.len() < 4 {
        return Err(bad("expected \"KEYTAG ALGORITHM DIGESTTYPE DIGEST\"".into()));
    }
    let tag: u16 = fields[0].parse().map_err(|_| {
        bad(format!(
            "key tag {:?} is not a number 0 to 65535",
            fields[0]
        ))
    })?;
    let algorithm: u8 = fields[1]
        .parse()
        .ok()
        .filter(|a| DS_ALGORITHMS.contains(a))
        .ok_or_else(|| {
            bad(format!(
                "algorithm {:?} is not a DNSSEC signing algorithm (one of {})",
                fields[1],
                join(DS_ALGORITHMS.iter())
            ))
        })?;
    let (digest_type, len, hash) = fields[2]
        .parse::<u8>()
        .ok()
        .and_then(|t| DS_DIGESTS.iter().find(|(n, _, _)| *n == t))
        .copied()
        .ok_or_else(|| {
            bad(format!(
                "digest type {:?} is not 1 (SHA-1), 2 (SHA-256) or 4 (SHA-384)",
                fields[2]
            ))
        })?;
    let digest: String = fields[3..].concat();
    if !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("the digest is not hexadecimal".into()));
    }
    if digest.len() != len {
        return Err(bad(format!(
            "a {hash} digest (type {digest_type}) has {len} hex digits, this one {}",
            digest.len()
        )));
    }
    Ok(format!(
        "{tag} {algorithm} {digest_type} {}",
        digest.to_ascii_uppercase()
    ))
}

/// Parses a set of DS records, refusing one given twice.
pub(crate) fn parse_ds_records(texts: &[String]) -> Result<Vec<String>, String> {
    check_ds_count(texts.len())?;
    let mut out: Vec<String> = Vec::with_capacity(texts.len());
    for text in texts {
        let ds = parse_ds(text)?;
        if out.contains(&ds) {
            return Err(format!("DS record {text:?} is given twice"));
        }
        out.push(ds);
    }
    Ok(out)
}

/// DS records are published only with a delegation: without nameservers
/// they would sit unused and mislead.
pub(crate) fn check_ds_needs_nameservers(nameservers: usize, ds: usize) -> Result<(), String> {
    if ds > 0 && nameservers == 0 {
        return Err("DS records need nameservers: a name without them is not delegated".into());
    }
    Ok(())
}

/// The state the technical data gives a name: without nameservers it is
/// `reserved` (Art. 2.3); delegation needs at least two (Art. 3.1).
pub(crate) fn state_for_nameservers(count: usize) -> Result<State, Refusal> {
    match count {
        0 => Ok(State::Reserved),
        1 => Err(Refusal::new(
            "3.1",
            Reason::OneNameserver,
            "a delegation needs at least two distinct nameservers (the same host twice is one); \
             give another --ns, or none to reserve the name",
        )),
        _ => Ok(State::Registered),
    }
}

/// How many distinct hosts a set of nameservers names: Art. 3.1 asks for
/// two servers, and one host listed twice is one server.
pub(crate) fn distinct_hosts<'a>(hosts: impl IntoIterator<Item = &'a str>) -> usize {
    let mut seen: Vec<String> = hosts
        .into_iter()
        .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

fn join<T: std::fmt::Display>(items: impl Iterator<Item = T>) -> String {
    items.map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_nameservers_are_two_distinct_hosts() {
        assert_eq!(distinct_hosts(["ns1.a.pt", "ns2.a.pt"]), 2);
        assert_eq!(distinct_hosts(["ns1.a.pt", "NS1.a.pt."]), 1);
        assert_eq!(distinct_hosts([]), 0);
        let err = state_for_nameservers(distinct_hosts(["ns.a.pt", "ns.a.pt"])).unwrap_err();
        assert_eq!(err.article, "3.1");
        assert!(err.message.contains("distinct"), "{}", err.message);
        assert_eq!(state_for_nameservers(2), Ok(State::Registered));
    }

    const SHA1: &str = "2BB183AF5F22588179A53B0A98631FAD1A292118";
    const SHA256: &str = "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";

    fn ns(text: &str) -> Result<Nameserver, String> {
        parse_nameserver(text, "exemplo.pt")
    }

    #[test]
    fn nameservers_and_ds_are_bounded() {
        let hosts =
            |n: usize| -> Vec<String> { (0..n).map(|i| format!("ns{i}.exemplo.net")).collect() };
        assert_eq!(
            parse_nameservers(&hosts(MAX_NAMESERVERS), "exemplo.pt").map(|v| v.len()),
            Ok(13)
        );
        let err = parse_nameservers(&hosts(MAX_NAMESERVERS + 1), "exemplo.pt").unwrap_err();
        assert!(err.contains("at most 13"), "{err}");
        let ds: Vec<String> = (0..=MAX_DS).map(|i| format!("{i} 13 2 {SHA256}")).collect();
        assert_eq!(parse_ds_records(&ds[..MAX_DS]).map(|v| v.len()), Ok(8));
        assert!(parse_ds_records(&ds).unwrap_err().contains("at most 8"));
    }

    #[test]
    fn nameservers() {
        let ok: &[(&str, &str, &[&str])] = &[
            ("ns1.dns.pt", "ns1.dns.pt", &[]),
            ("NS1.Hosting.COM.", "ns1.hosting.com", &[]),
            ("ns.exemplo.pt=192.0.2.1", "ns.exemplo.pt", &["192.0.2.1"]),
            (
                "ns.exemplo.pt=192.0.2.1, 2001:DB8::1",
                "ns.exemplo.pt",
                &["192.0.2.1", "2001:db8::1"],
            ),
            ("exemplo.pt=192.0.2.1", "exemplo.pt", &["192.0.2.1"]),
            ("ns.outro.pt=198.51.100.7", "ns.outro.pt", &[]),
            ("ns.outro.pt", "ns.outro.pt", &[]),
            ("ns.ação.pt", "ns.xn--ao-siap.pt", &[]),
        ];
        for (text, host, addrs) in ok {
            let n = ns(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(n.host, *host, "{text}");
            if !addrs.is_empty() {
                assert_eq!(n.addresses, *addrs, "{text}");
            }
        }
        let bad: &[(&str, &str)] = &[
            ("ns.exemplo.pt", "needs its addresses"),
            ("sub.ns.exemplo.pt", "needs its addresses"),
            ("ns1.hosting.com=192.0.2.1", "only for hosts under .pt"),
            ("ns.exemplo.pt=", "empty address"),
            ("ns.exemplo.pt=192.0.2.1,,192.0.2.2", "empty address"),
            ("ns.exemplo.pt=192.0.2.300", "not an IPv4"),
            ("ns.exemplo.pt=127.0.0.1", "cannot serve"),
            ("ns.exemplo.pt=::", "cannot serve"),
            ("ns.exemplo.pt=192.0.2.1,192.0.2.1", "twice"),
            ("localhost", "fully qualified"),
            ("", "empty"),
            (".", "empty"),
            ("-ns.dns.pt", "bad label"),
            ("ns-.dns.pt", "bad label"),
            ("ns_1.dns.pt", "bad label"),
            ("ns..dns.pt", "bad label"),
            ("192.0.2.1", "an address"),
        ];
        for (text, why) in bad {
            let err = ns(text).unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
            assert!(
                err.contains(&format!("{text:?}")),
                "echoes the value: {err}"
            );
        }
        let long = format!("{}.dns.pt", "a".repeat(64));
        assert!(ns(&long).unwrap_err().contains("bad label"));
        let long = format!("{}.pt", vec!["a".repeat(63); 4].join("."));
        assert!(ns(&long).unwrap_err().contains("253"));
    }

    #[test]
    fn a_host_merely_ending_like_the_domain_is_not_inside_it() {
        // outroexemplo.pt is not under exemplo.pt: no glue needed.
        assert!(ns("ns.outroexemplo.pt").is_ok());
    }

    #[test]
    fn a_host_may_be_given_once() {
        let texts = vec!["ns1.dns.pt".to_string(), "NS1.dns.pt.".to_string()];
        let err = parse_nameservers(&texts, "exemplo.pt").unwrap_err();
        assert!(err.contains("twice"), "{err}");
        let texts = vec!["ns1.dns.pt".to_string(), "ns2.dns.pt".to_string()];
        assert_eq!(parse_nameservers(&texts, "exemplo.pt").unwrap().len(), 2);
    }

    #[test]
    fn ds_records() {
        let sha384 = "A".repeat(96);
        let ok: Vec<(String, String)> = vec![
            (
                format!("12345 13 2 {SHA256}"),
                format!("12345 13 2 {SHA256}"),
            ),
            (
                format!("  0 8 2 {}  ", SHA256.to_lowercase()),
                format!("0 8 2 {SHA256}"),
            ),
            (format!("65535 5 1 {SHA1}"), format!("65535 5 1 {SHA1}")),
            (format!("1 14 4 {sha384}"), format!("1 14 4 {sha384}")),
            (
                format!("2 15 2 {} {}", &SHA256[..32], &SHA256[32..]),
                format!("2 15 2 {SHA256}"),
            ),
        ];
        for (text, canonical) in &ok {
            assert_eq!(parse_ds(text).as_ref(), Ok(canonical), "{text}");
        }
        for alg in DS_ALGORITHMS {
            assert!(parse_ds(&format!("1 {alg} 2 {SHA256}")).is_ok(), "{alg}");
        }
        let bad: Vec<(String, &str)> = vec![
            (format!("65536 13 2 {SHA256}"), "key tag"),
            (format!("-1 13 2 {SHA256}"), "key tag"),
            (format!("x 13 2 {SHA256}"), "key tag"),
            (format!("1 0 2 {SHA256}"), "algorithm"),
            (format!("1 1 2 {SHA256}"), "algorithm"),
            (format!("1 2 2 {SHA256}"), "algorithm"),
            (format!("1 4 2 {SHA256}"), "algorithm"),
            (format!("1 9 2 {SHA256}"), "algorithm"),
            (format!("1 11 2 {SHA256}"), "algorithm"),
            (format!("1 99 2 {SHA256}"), "algorithm"),
            (format!("1 300 2 {SHA256}"), "algorithm"),
            (format!("1 13 3 {SHA256}"), "digest type"),
            (format!("1 13 0 {SHA256}"), "digest type"),
            (format!("1 13 1 {SHA256}"), "40 hex digits"),
            (format!("1 13 2 {SHA1}"), "64 hex digits"),
            (format!("1 13 4 {SHA256}"), "96 hex digits"),
            (format!("1 13 2 {}", &SHA256[..63]), "64 hex digits"),
            (format!("1 13 2 {}G", &SHA256[..63]), "not hexadecimal"),
            ("1 13 2".to_string(), "expected"),
            (String::new(), "expected"),
        ];
        for (text, why) in &bad {
            let err = parse_ds(text).unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
            assert!(
                err.contains(&format!("{text:?}")),
                "echoes the value: {err}"
            );
        }
    }

    #[test]
    fn a_ds_record_may_be_given_once() {
        let a = format!("1 13 2 {SHA256}");
        let b = format!("1 13 2 {}", SHA256.to_lowercase());
        assert!(
            parse_ds_records(&[a.clone(), b])
                .unwrap_err()
                .contains("twice")
        );
        assert_eq!(parse_ds_records(&[a]).unwrap().len(), 1);
    }

    #[test]
    fn ds_needs_nameservers() {
        assert!(check_ds_needs_nameservers(0, 1).is_err());
        assert!(check_ds_needs_nameservers(0, 0).is_ok());
        assert!(check_ds_needs_nameservers(2, 1).is_ok());
    }

    #[test]
    fn state_follows_the_nameserver_count() {
        assert_eq!(state_for_nameservers(0), Ok(State::Reserved));
        assert_eq!(state_for_nameservers(1).unwrap_err().article, "3.1");
        assert_eq!(state_for_nameservers(2), Ok(State::Registered));
        assert_eq!(state_for_nameservers(13), Ok(State::Registered));
    }

    proptest::proptest! {
        #[test]
        fn hostile_technical_data_never_panics(text in "\\PC{0,80}", domain in "[a-z0-9.-]{0,20}") {
            let _ = parse_nameserver(&text, &domain);
            let _ = parse_ds(&text);
        }

        #[test]
        fn a_parsed_ds_parses_to_itself(tag in 0u16.., alg in proptest::sample::select(DS_ALGORITHMS), hex in "[0-9a-fA-F]{64}") {
            let canonical = parse_ds(&format!("{tag} {alg} 2 {hex}")).unwrap();
            proptest::prop_assert_eq!(parse_ds(&canonical), Ok(canonical.clone()));
        }
    }
}
