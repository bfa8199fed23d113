//! The syntax checks a migration row needs — a domain name, a nameserver,
//! a DS record — as one narrow seam over the rules' parsers, so that bulk
//! work applies exactly the checks single commands apply.
//!

use crate::model::Nameserver;
use crate::rules::technical;

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

/// `host` or `host=ip,ip` for a nameserver of `domain` (A-label), with the
/// glue rules of `register` (SPEC §8).
pub(crate) fn nameserver(text: &str, domain: &str) -> Result<Nameserver, String> {
    technical::parse_nameserver(text, domain)
}

/// DS records "TAG ALG TYPE HEX", checked and in canonical form, none
/// given twice (SPEC §8).
pub(crate) fn ds_records(texts: &[String]) -> Result<Vec<String>, String> {
    technical::parse_ds_records(texts)
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
        let ns = nameserver("NS1.Exemplo.pt=192.0.2.1,2001:db8::1", "exemplo.pt").unwrap();
        assert_eq!(ns.host, "ns1.exemplo.pt");
        assert_eq!(ns.addresses, ["192.0.2.1", "2001:db8::1"]);
        assert!(
            nameserver("ns1.exemplo.pt", "exemplo.pt").is_err(),
            "glue needed"
        );
        assert!(nameserver("ns1.a.pt=300.1.1.1", "exemplo.pt").is_err());
        let hex64 = "a".repeat(64);
        let good = format!("12345 13 2 {hex64}");
        assert_eq!(
            ds_records(std::slice::from_ref(&good)).unwrap(),
            [good.to_uppercase()]
        );
        assert!(ds_records(&[good.clone(), good]).is_err(), "twice");
        assert!(ds_records(&[format!("12345 13 1 {hex64}")]).is_err());
        assert!(ds_records(&["12345 13 2".to_string()]).is_err());
    }
}
