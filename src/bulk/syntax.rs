//! The syntax checks a migration row needs — a domain name, a nameserver,
//! a DS record, a yes-or-no cell — as one narrow seam over the rules'
//! parsers, so that bulk work applies exactly the checks single commands
//! apply, and every reader of a file reads a cell the same way.
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
/// glue rules of `register`.
pub(crate) fn nameserver(text: &str, domain: &str) -> Result<Nameserver, String> {
    technical::parse_nameserver(text, domain)
}

/// DS records "TAG ALG TYPE HEX", checked and in canonical form, none
/// given twice.
pub(crate) fn ds_records(texts: &[String]) -> Result<Vec<String>, String> {
    technical::parse_ds_records(texts)
}

/// A yes-or-no cell (the arbitration convention, WHOIS consent), read
/// the same by every reader: `yes`, `true`, `1`, `y`, `sim`, `s` say yes;
/// `no`, `false`, `0`, `n`, `não`, `nao` or an empty cell say no (any case,
/// surrounding spaces ignored).
pub(crate) fn boolean(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "true" | "1" | "y" | "sim" | "s" => Ok(true),
        "no" | "false" | "0" | "n" | "não" | "nao" | "" => Ok(false),
        _ => Err(format!(
            "{:?} is not yes or no (yes/no, true/false, 1/0, sim/não)",
            text.trim()
        )),
    }
}

/// A yes-or-no field of a JSON record: `true`/`false`, 1/0 (as in an
/// export's domain records), a yes-or-no text as in CSV ([`boolean`]), or
/// absent (no).
pub(crate) fn json_boolean(value: &serde_json::Value) -> Result<bool, String> {
    match value {
        serde_json::Value::Bool(b) => Ok(*b),
        serde_json::Value::Null => Ok(false),
        serde_json::Value::Number(n) => Ok(n.as_f64() != Some(0.0)),
        serde_json::Value::String(s) => boolean(s),
        other => Err(format!("{other} is not yes or no")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_yes_and_no() {
        for yes in ["yes", "YES", " true ", "1", "y", "Sim", "s"] {
            assert_eq!(boolean(yes), Ok(true), "{yes:?}");
        }
        for no in ["no", "False", "0", "n", "não", "NÃO", "nao", "", "  "] {
            assert_eq!(boolean(no), Ok(false), "{no:?}");
        }
        for bad in ["maybe", "2", "oui", "yes!"] {
            assert!(boolean(bad).unwrap_err().contains(bad), "{bad:?}");
        }
        use serde_json::json;
        for (v, b) in [
            (json!(true), true),
            (json!(false), false),
            (json!(1), true),
            (json!(0), false),
            (json!(null), false),
            (json!("sim"), true),
            (json!("no"), false),
        ] {
            assert_eq!(json_boolean(&v), Ok(b), "{v}");
        }
        assert!(json_boolean(&json!("maybe")).is_err());
        assert!(json_boolean(&json!([true])).is_err());
    }

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
