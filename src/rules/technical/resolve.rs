//! Whether the nameservers of a delegation resolve from the `.pt` zone:
//! the zone must load, and `kzonecheck` refuses a delegation to a host
//! inside the zone that the zone gives no way to reach.

use crate::model::Nameserver;
use crate::rules::names::Hierarchy;
use crate::rules::policy::Zone;

/// The registered names that could hold `host` (a host under `.pt`): its
/// ancestors but the hierarchies (`pt`, `com.pt`, ...), the host itself
/// included, nearest first (`ns1.atlantico.exemplo.pt` →
/// `ns1.atlantico.exemplo.pt`, `atlantico.exemplo.pt`, `exemplo.pt`).
/// Empty for a host outside `.pt`.
pub(crate) fn covering_names(host: &str) -> Vec<String> {
    if !host.ends_with(".pt") {
        return Vec::new();
    }
    let labels: Vec<&str> = host.split('.').collect();
    (0..labels.len())
        .map(|i| labels[i..].join("."))
        .filter(|name| !Hierarchy::ALL.iter().any(|h| h.as_str() == name))
        .collect()
}

/// The names [`check_resolvable`] needs to know about for `nameservers`:
/// the covering names of their hosts under `.pt`.
pub(crate) fn names_to_resolve(nameservers: &[Nameserver]) -> Vec<String> {
    let mut out: Vec<String> = nameservers
        .iter()
        .flat_map(|ns| covering_names(&ns.host))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A nameserver inside `.pt` must resolve from the `.pt` zone (the zone
/// must load, and `kzonecheck` refuses a delegation without glue). A host
/// inside the domain itself is published with the addresses given for it
/// (glue; [`parse_nameserver`] requires them). A host inside another `.pt`
/// name is published by that name (the zone writes each host's addresses
/// once, from the domain that contains it), so that name must be delegated
/// at the clock: `delegated` lists those of [`names_to_resolve`] that are.
/// The apex nameservers of the policy carry their own addresses.
pub(crate) fn check_resolvable(
    domain_ascii: &str,
    nameservers: &[Nameserver],
    delegated: &[String],
    zone: &Zone,
) -> Result<(), String> {
    let domain = domain_ascii.trim_end_matches('.').to_ascii_lowercase();
    let inside = |host: &str, name: &str| host == name || host.ends_with(&format!(".{name}"));
    for ns in nameservers {
        let host = &ns.host;
        let covering = covering_names(host);
        let Some(own) = covering.last() else {
            continue;
        };
        if inside(host, &domain) || zone.is_apex_host_with_addresses(host) {
            continue;
        }
        if !covering.iter().any(|c| delegated.contains(c)) {
            return Err(format!(
                "nameserver {host:?}: {host} is inside .pt, so the .pt zone publishes its \
                 addresses from the name that holds it, and {own} is not delegated: \
                 delegate {own} first, or use a host outside .pt"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ns(text: &str) -> Result<Nameserver, String> {
        super::super::parse_nameserver(text, "exemplo.pt")
    }

    #[test]
    fn covering_names_of_a_host() {
        let table: [(&str, &[&str]); 5] = [
            (
                "ns1.atlantico.exemplo.pt",
                &[
                    "ns1.atlantico.exemplo.pt",
                    "atlantico.exemplo.pt",
                    "exemplo.pt",
                ],
            ),
            ("ns.provedor.pt", &["ns.provedor.pt", "provedor.pt"]),
            ("provedor.pt", &["provedor.pt"]),
            (
                "ns1.exemplo.com.pt",
                &["ns1.exemplo.com.pt", "exemplo.com.pt"],
            ),
            ("ns1.exemplo.net", &[]),
        ];
        for (host, want) in table {
            assert_eq!(covering_names(host), want, "{host}");
        }
    }

    #[test]
    fn pt_hosts_must_resolve_from_the_zone() {
        let zone = crate::rules::policy::Policy::parse(crate::rules::policy::DEFAULT_TOML)
            .unwrap()
            .zone;
        let set =
            |texts: &[&str]| -> Vec<Nameserver> { texts.iter().map(|t| ns(t).unwrap()).collect() };
        let delegated = vec!["provedor.pt".to_string(), "exemplo.com.pt".to_string()];
        let ok: [&[&str]; 6] = [
            &["ns1.exemplo.pt=192.0.2.1", "ns2.exemplo.net"],
            &["ns.provedor.pt", "ns2.provedor.pt=192.0.2.2"],
            &["ns1.sub.provedor.pt", "ns.exemplo.net"],
            &["provedor.pt", "ns.exemplo.net"],
            &["a.dns.pt", "b.dns.pt"],
            &["ns1.exemplo.com.pt", "ns.exemplo.net"],
        ];
        for case in ok {
            assert_eq!(
                check_resolvable("exemplo.pt", &set(case), &delegated, &zone),
                Ok(()),
                "{case:?}"
            );
        }
        let refused: [(&[&str], &str); 4] = [
            (&["ns1.nsx.pt", "ns.exemplo.net"], "nsx.pt is not delegated"),
            (
                &["ns1.nsx.pt=192.0.2.1", "ns.exemplo.net"],
                "nsx.pt is not delegated",
            ),
            (
                &["ns.outro.com.pt", "ns.exemplo.net"],
                "outro.com.pt is not delegated",
            ),
            (&["c.dns.pt", "ns.exemplo.net"], "dns.pt is not delegated"),
        ];
        for (case, says) in refused {
            let err = check_resolvable("exemplo.pt", &set(case), &delegated, &zone).unwrap_err();
            assert!(err.contains(says), "{case:?}: {err}");
        }
        // The domain's own delegation does not make its hosts resolvable
        // elsewhere than through their glue.
        let own = vec!["exemplo.pt".to_string()];
        assert!(
            check_resolvable("outro.pt", &set(&["ns1.exemplo.pt=192.0.2.1"]), &own, &zone).is_ok()
        );
    }
}
