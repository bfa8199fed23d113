//! The syntax checks a migration row needs — a domain name, a nameserver,
//! a DS record — as one narrow seam over the rules' parsers, so that bulk
//! work applies exactly the checks single commands apply.
//!
//! Interim: until `rules::names::parse` and `rules::technical::{parse_nameserver,
//! parse_ds}` land, these are minimal equivalents (IDNA via the `idna` crate).

use crate::model::Nameserver;

/// A name's forms.
pub(crate) struct Name {
    pub(crate) ascii: String,
    pub(crate) unicode: String,
    pub(crate) hierarchy: String,
}

/// The hierarchies under .pt, longest first (open and closed alike: a
/// migration keeps names already registered in closed ones, Art. 31.3).
const HIERARCHIES: &[&str] = &[
    "com.pt", "gov.pt", "org.pt", "edu.pt", "net.pt", "int.pt", "publ.pt", "nome.pt", "pt",
];

/// Name syntax only (Art. 5): the admissibility rules are not re-applied.
pub(crate) fn name(text: &str) -> Result<Name, String> {
    let text = text.trim().trim_end_matches('.');
    if text.is_empty() {
        return Err("missing".to_string());
    }
    let ascii = idna::domain_to_ascii_strict(text)
        .map_err(|_| format!("{text:?} is not a valid domain name"))?;
    let hierarchy = HIERARCHIES
        .iter()
        .find(|h| ascii.ends_with(&format!(".{h}")))
        .ok_or_else(|| format!("{text:?} is not under .pt"))?;
    let label = &ascii[..ascii.len() - hierarchy.len() - 1];
    if label.contains('.') {
        return Err(format!(
            "{text:?} has more than one label under .{hierarchy}"
        ));
    }
    if label.len() > 63 {
        return Err(format!("{text:?}: the A-label exceeds 63 octets [Art. 5.1]"));
    }
    let (unicode, result) = idna::domain_to_unicode(&ascii);
    result.map_err(|_| format!("{text:?} is not a valid domain name"))?;
    let ulabel = &unicode[..unicode.len() - hierarchy.len() - 1];
    let chars = ulabel.chars().count();
    if !(2..=63).contains(&chars) {
        return Err(format!(
            "{text:?} has {chars} characters; 2 to 63 are allowed [Art. 5.1]"
        ));
    }
    if let Some(c) = ulabel
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || "áàâãçéêíóôõú".contains(*c)))
    {
        return Err(format!("{text:?} has the character {c:?} [Art. 5.2]"));
    }
    if ulabel.starts_with('-') || ulabel.ends_with('-') {
        return Err(format!("{text:?} begins or ends with a hyphen [Art. 5.3]"));
    }
    Ok(Name {
        hierarchy: hierarchy.to_string(),
        ascii,
        unicode,
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
    let ascii = idna::domain_to_ascii_strict(host)
        .map_err(|_| format!("bad nameserver host {host:?}"))?;
    if !ascii.contains('.') {
        return Err(format!("bad nameserver host {host:?}: not a full host name"));
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
    tag.parse::<u16>().map_err(|_| bad("key tag is not 0-65535"))?;
    alg.parse::<u8>().map_err(|_| bad("algorithm is not a number 0-255"))?;
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
        assert_eq!((n.ascii.as_str(), n.unicode.as_str(), n.hierarchy.as_str()),
            ("xn--ma-lha.pt", "maçã.pt", "pt"));
        assert_eq!(name("xn--ma-lha.pt").unwrap().unicode, "maçã.pt");
        for h in ["com.pt", "org.pt", "edu.pt", "net.pt", "int.pt", "publ.pt", "nome.pt", "gov.pt"] {
            assert_eq!(name(&format!("exemplo.{h}")).unwrap().hierarchy, h);
        }
        for bad in ["", "a.pt", "exemplo.com", "-ab.pt", "ab-.pt", "a.b.pt", "a_b.pt", "exemplo.ñ.pt"] {
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
