//! The syntax checks a migration row needs — a domain name, a nameserver,
//! a DS record — as one narrow seam over the rules' parsers, so that bulk
//! work applies exactly the checks single commands apply.
//!
//! Interim: until `rules::technical::{parse_nameserver, parse_ds}` land, the
//! nameserver and DS checks here are minimal equivalents.

use crate::model::Nameserver;

/// A name's forms.
pub(crate) struct Name {
    pub(crate) ascii: String,
    pub(crate) unicode: String,
    pub(crate) hierarchy: String,
}

/// Name syntax only (Art. 5) through the rules' parser: the admissibility
/// rules are not re-applied, and closed hierarchies are accepted (Art. 31.3).
pub(crate) fn name(text: &str) -> Result<Name, String> {
    let n = crate::rules::names::parse(text).map_err(|e| e.to_string())?;
    Ok(Name {
        hierarchy: n.hierarchy.as_str().to_string(),
        ascii: n.ascii,
        unicode: n.unicode,
    })
}

/// `host` or `host=ip,ip`: host in A-label form without the final dot,
/// addresses parsed as IPv4/IPv6.
pub(crate) fn nameserver(text: &str) -> Result<Nameserver, String> {
    let (host, addrs) = match text.split_once('=') {
        Some((h, a)) => (h, Some(a)),
        None => (text, None),
    };
    let host = host.trim().trim_end_matches('.');
    let ascii =
        idna::domain_to_ascii_strict(host).map_err(|_| format!("bad nameserver host {host:?}"))?;
    if !ascii.contains('.') {
        return Err(format!(
            "bad nameserver host {host:?}: not a full host name"
        ));
    }
    let mut addresses = Vec::new();
    for a in addrs.into_iter().flat_map(|a| a.split(',')) {
        let ip: std::net::IpAddr = a
            .trim()
            .parse()
            .map_err(|_| format!("bad address {a:?} for nameserver {host}"))?;
        addresses.push(ip.to_string());
    }
    Ok(Nameserver {
        host: ascii,
        addresses,
    })
}

/// "TAG ALG TYPE HEX", the digest length checked against its type.
pub(crate) fn ds(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [tag, alg, kind, digest] = parts.as_slice() else {
        return Err(format!("bad DS {text:?}: expected \"TAG ALG TYPE HEX\""));
    };
    let bad = |why: &str| format!("bad DS {text:?}: {why}");
    tag.parse::<u16>()
        .map_err(|_| bad("key tag is not 0-65535"))?;
    alg.parse::<u8>()
        .map_err(|_| bad("algorithm is not a number 0-255"))?;
    let want = match *kind {
        "1" => 40,
        "2" => 64,
        "4" => 96,
        _ => return Err(bad("digest type must be 1, 2 or 4")),
    };
    if digest.len() != want || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad(&format!("digest must be {want} hex digits")));
    }
    // Stored as given (SPEC §13), with its spacing made single.
    Ok(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_every_hierarchy_and_both_forms() {
        let n = name("Maçã.pt").unwrap();
        assert_eq!(
            (n.ascii.as_str(), n.unicode.as_str(), n.hierarchy.as_str()),
            ("xn--ma-tiap.pt", "maçã.pt", "pt")
        );
        assert_eq!(name("xn--ma-tiap.pt").unwrap().unicode, "maçã.pt");
        for h in [
            "com.pt", "org.pt", "edu.pt", "net.pt", "int.pt", "publ.pt", "nome.pt", "gov.pt",
        ] {
            assert_eq!(name(&format!("exemplo.{h}")).unwrap().hierarchy, h);
        }
        for bad in [
            "",
            "a.pt",
            "exemplo.com",
            "-ab.pt",
            "ab-.pt",
            "a.b.pt",
            "a_b.pt",
            "exemplo.ñ.pt",
        ] {
            assert!(name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn nameservers_and_ds() {
        let ns = nameserver("NS1.Exemplo.pt=192.0.2.1,2001:db8::1").unwrap();
        assert_eq!(ns.host, "ns1.exemplo.pt");
        assert_eq!(ns.addresses, ["192.0.2.1", "2001:db8::1"]);
        assert!(nameserver("ns1").is_err());
        assert!(nameserver("ns1.a.pt=300.1.1.1").is_err());
        let hex64 = "a".repeat(64);
        assert!(ds(&format!("12345 13 2 {hex64}")).is_ok());
        assert!(ds(&format!("12345 13 1 {hex64}")).is_err());
        assert!(ds("12345 13 2").is_err());
        assert!(ds(&format!("99999 13 2 {hex64}")).is_err());
    }
}
