//! The `[zone]` section of a policy checked as DNS data: every name and
//! address it holds is written into the zone file as it is, so a newline,
//! a space or a missing dot there would change or break the zone. A name
//! is absolute (ends with a dot), at most 253 octets, of labels of 1 to 63
//! letters, digits and inner hyphens (the first label of `rname`, the
//! mailbox, may also hold `_` and `+`); every apex nameserver inside the
//! zone has addresses (glue; the addresses of one outside it are not
//! published); times fit RFC 2181's 31 bits.

use std::net::IpAddr;

use super::Zone;

/// The largest TTL or SOA timer (RFC 2181 §8).
const MAX_SECONDS: u32 = (1 << 31) - 1;

/// Checks the zone section; the error names the key at fault.
pub(super) fn check(zone: &Zone) -> Result<(), String> {
    name(&zone.origin, Label::Host).map_err(|e| format!("zone.origin: {e}"))?;
    let origin = zone.origin.to_ascii_lowercase();
    name(&zone.soa.mname, Label::Host).map_err(|e| format!("zone.soa.mname: {e}"))?;
    name(&zone.soa.rname, Label::Mailbox).map_err(|e| format!("zone.soa.rname: {e}"))?;
    for (key, value) in [
        ("ttl", zone.ttl),
        ("soa.refresh", zone.soa.refresh),
        ("soa.retry", zone.soa.retry),
        ("soa.expire", zone.soa.expire),
        ("soa.minimum", zone.soa.minimum),
    ] {
        if value > MAX_SECONDS {
            return Err(format!(
                "zone.{key}: {value} is more than {MAX_SECONDS} seconds (RFC 2181)"
            ));
        }
    }
    if zone.nameservers.is_empty() {
        return Err("zone.nameservers: the apex needs at least one nameserver".into());
    }
    let mut seen: Vec<String> = Vec::new();
    for (i, ns) in zone.nameservers.iter().enumerate() {
        let at = |e: String| format!("zone.nameservers[{i}].host: {e}");
        name(&ns.host, Label::Host).map_err(at)?;
        let host = ns.host.to_ascii_lowercase();
        if seen.contains(&host) {
            return Err(at(format!("{host} is given twice")));
        }
        let in_zone = host == origin || host.ends_with(&format!(".{origin}"));
        if in_zone && ns.addresses.is_empty() {
            return Err(format!(
                "zone.nameservers[{i}]: {host} is inside {origin}, so the zone needs its \
                 addresses (glue): give addresses = [\"IP\", ...]"
            ));
        }
        for a in &ns.addresses {
            if !usable(*a) {
                return Err(format!(
                    "zone.nameservers[{i}].addresses: {a} cannot serve a zone"
                ));
            }
        }
        seen.push(host);
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Label {
    /// Letters, digits, inner hyphens (a host name, RFC 1123).
    Host,
    /// The same, with `_` and `+` allowed in the first label (the local
    /// part of the responsible person's mailbox).
    Mailbox,
}

fn name(text: &str, kind: Label) -> Result<(), String> {
    let Some(body) = text.strip_suffix('.') else {
        return Err(format!("{text:?} must be absolute (end with a dot)"));
    };
    if body.is_empty() {
        return Err(format!("{text:?} is the root, not a name"));
    }
    if body.len() > 253 {
        return Err("a name has at most 253 octets".into());
    }
    for (i, label) in body.split('.').enumerate() {
        let extra: &[u8] = if kind == Label::Mailbox && i == 0 {
            b"_+"
        } else {
            b""
        };
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || extra.contains(&b));
        if !ok {
            return Err(format!(
                "bad label {label:?} in {text:?} (letters, digits and inner hyphens, 1 to 63)"
            ));
        }
    }
    Ok(())
}

fn usable(a: IpAddr) -> bool {
    !(a.is_loopback() || a.is_unspecified() || a.is_multicast())
}

#[cfg(test)]
mod tests {
    use super::super::{DEFAULT_TOML, Policy};

    fn with_zone(zone: &str) -> Result<Policy, String> {
        let start = DEFAULT_TOML.find("[zone]").unwrap();
        Policy::parse(&format!("{}{zone}", &DEFAULT_TOML[..start]))
    }

    const NS: &str = "nameservers = [{ host = \"a.dns.pt.\", addresses = [\"192.0.2.53\"] }]\n";

    fn soa(mname: &str, rname: &str) -> String {
        format!(
            "[zone]\norigin = \"pt.\"\nttl = 86400\nsoa = {{ mname = {mname:?}, rname = {rname:?}, \
             refresh = 3600, retry = 900, expire = 1209600, minimum = 3600 }}\n{NS}"
        )
    }

    #[test]
    fn the_default_zone_is_sound() {
        assert!(with_zone(&DEFAULT_TOML[DEFAULT_TOML.find("[zone]").unwrap()..]).is_ok());
        assert!(with_zone(&soa("a.dns.pt.", "host_master+dns.dns.pt.")).is_ok());
    }

    #[test]
    fn names_are_dns_data() {
        let long = format!("{}.pt.", "a".repeat(64));
        let bad = [
            (
                "a.dns.pt.\nwww.pt. IN A 192.0.2.1\n",
                "hostmaster.dns.pt.",
                "mname",
            ),
            ("a.dns.pt", "hostmaster.dns.pt.", "mname"),
            ("a.dns.pt.", "host master.dns.pt.", "rname"),
            ("a.dns.pt.", "hostmaster.dns.pt", "rname"),
            ("a..pt.", "hostmaster.dns.pt.", "mname"),
            ("-a.pt.", "hostmaster.dns.pt.", "mname"),
            (".", "hostmaster.dns.pt.", "mname"),
            (&long, "hostmaster.dns.pt.", "mname"),
            ("a.dns.pt.", "host;master.dns.pt.", "rname"),
            ("a.dns.pt.", "hostmaster.d_ns.pt.", "rname"),
            ("a_b.dns.pt.", "hostmaster.dns.pt.", "mname"),
        ];
        for (mname, rname, key) in bad {
            let err = with_zone(&soa(mname, rname)).unwrap_err();
            assert!(
                err.contains(&format!("zone.soa.{key}")),
                "{mname:?} {rname:?}: {err}"
            );
        }
    }

    #[test]
    fn apex_nameservers_need_glue_inside_the_zone_only() {
        let zone = |ns: &str| {
            format!(
                "[zone]\norigin = \"pt.\"\nttl = 86400\nsoa = {{ mname = \"a.dns.pt.\", rname = \
                 \"hostmaster.dns.pt.\", refresh = 3600, retry = 900, expire = 1209600, \
                 minimum = 3600 }}\nnameservers = [{ns}]\n"
            )
        };
        let cases = [
            ("{ host = \"a.dns.pt.\" }", Some("needs its addresses")),
            (
                "{ host = \"ns.example.net.\", addresses = [\"192.0.2.1\"] }",
                None,
            ),
            ("{ host = \"ns.example.net.\" }", None),
            (
                "{ host = \"a.dns.pt.\", addresses = [\"127.0.0.1\"] }",
                Some("cannot serve"),
            ),
            (
                "{ host = \"a.dns.pt.\", addresses = [\"192.0.2.1\"] }, { host = \"A.dns.pt.\", addresses = [\"192.0.2.2\"] }",
                Some("twice"),
            ),
            (
                "{ host = \"a.dns.pt\", addresses = [\"192.0.2.1\"] }",
                Some("absolute"),
            ),
            ("", Some("at least one")),
        ];
        for (ns, want) in cases {
            match (with_zone(&zone(ns)), want) {
                (Ok(_), None) => {}
                (Err(e), Some(w)) => assert!(e.contains(w), "{ns}: {e}"),
                (got, _) => panic!("{ns}: {got:?}"),
            }
        }
        let big = soa("a.dns.pt.", "hostmaster.dns.pt.").replace("ttl = 86400", "ttl = 4294967295");
        assert!(with_zone(&big).unwrap_err().contains("RFC 2181"));
    }
}
