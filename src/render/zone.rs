//! The `.pt` zone as an RFC 1035 master file, written as a stream.
//!
//! Layout, byte for byte stable (same registry + same serial = same bytes):
//!
//! ```text
//! $ORIGIN pt.
//! $TTL 86400
//! pt. IN SOA a.dns.pt. hostmaster.dns.pt. 2026030100 3600 900 1209600 3600
//! pt. IN NS a.dns.pt.
//! a.dns.pt. IN A 192.0.2.53
//! exemplo.pt. IN NS ns1.exemplo.pt.
//! exemplo.pt. IN NS ns.example.net.
//! exemplo.pt. IN DS 12345 13 2 ABCD...
//! ns1.exemplo.pt. IN A 192.0.2.1
//! ```
//!
//! Every owner and target is absolute (ends with a dot), in A-label form.
//! The SOA serial field is padded to 10 characters, so the export can fix
//! the serial in place once the content is known.
//!
//! Delegations come in name order; within one, NS records sorted by host,
//! DS records sorted, then the glue. Glue: the A/AAAA records of an NS host
//! are published by the domain that contains the host (`ns1.exemplo.pt` by
//! `exemplo.pt`), from that domain's own nameserver data — so each host's
//! addresses appear once even when a thousand domains use the host, with no
//! state kept across domains. A domain using a host of another `.pt` domain
//! (`ns.provedor.pt` for `exemplo.pt`) relies on `provedor.pt` publishing
//! it; the addresses `exemplo.pt` gave for it are not published. Addresses
//! of hosts outside `.pt` are never published (they are not glue). Apex
//! nameservers get their glue from the policy only.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::net::IpAddr;

use sha2::{Digest, Sha256};

use crate::model::Nameserver;
use crate::rules::policy::Zone;
use crate::store::zone::Delegation;

/// The width of the serial field in the SOA record.
const SERIAL_WIDTH: usize = 10;

/// Writes a zone, hashing everything but the serial.
pub(crate) struct ZoneWriter<W: Write> {
    out: W,
    zone_hash: Sha256,
    apex_hosts: BTreeSet<String>,
    written: u64,
    serial_offset: u64,
    /// One delegation's text, reused so a large zone allocates once.
    buf: String,
}

impl<W: Write> ZoneWriter<W> {
    /// Writes the directives, the SOA and the apex NS with their glue.
    pub(crate) fn start(out: W, zone: &Zone, serial: u32) -> io::Result<Self> {
        let origin = absolute(&zone.origin);
        let mut w = ZoneWriter {
            out,
            zone_hash: Sha256::new(),
            apex_hosts: BTreeSet::new(),
            written: 0,
            serial_offset: 0,
            buf: String::with_capacity(512),
        };
        w.emit(&format!("$ORIGIN {origin}\n$TTL {}\n", zone.ttl))?;
        let soa = &zone.soa;
        w.emit(&format!(
            "{origin} IN SOA {} {} ",
            absolute(&soa.mname),
            absolute(&soa.rname)
        ))?;
        w.serial_offset = w.written;
        let field = serial_field(serial);
        w.out.write_all(field.as_bytes())?;
        w.written += field.len() as u64;
        w.zone_hash.update(b"SERIAL");
        w.emit(&format!(
            " {} {} {} {}\n",
            soa.refresh, soa.retry, soa.expire, soa.minimum
        ))?;
        let mut apex: Vec<_> = zone.nameservers.iter().collect();
        apex.sort_by_key(|ns| absolute(&ns.host));
        for ns in &apex {
            w.emit(&format!("{origin} IN NS {}\n", absolute(&ns.host)))?;
        }
        for ns in &apex {
            let host = absolute(&ns.host);
            if !inside(&host, &origin) {
                continue;
            }
            let addresses: BTreeSet<IpAddr> = ns.addresses.iter().copied().collect();
            let mut text = String::new();
            for a in addresses {
                address_record(&mut text, &host, a);
            }
            w.emit(&text)?;
            w.apex_hosts.insert(host);
        }
        Ok(w)
    }

    /// Writes one delegation; returns the digest of its records, which
    /// tells whether it changed since the last export.
    pub(crate) fn delegation(&mut self, d: &Delegation) -> io::Result<[u8; 16]> {
        let owner = absolute(&d.name);
        let mut text = std::mem::take(&mut self.buf);
        text.clear();
        let mut hosts: Vec<(String, &Nameserver)> = d
            .nameservers
            .iter()
            .map(|ns| (absolute(&ns.host), ns))
            .collect();
        hosts.sort_by(|a, b| a.0.cmp(&b.0));
        hosts.dedup_by(|a, b| a.0 == b.0);
        for (host, _) in &hosts {
            let _ = writeln!(text, "{owner} IN NS {host}");
        }
        let mut ds: Vec<String> = d.ds.iter().filter_map(|t| ds_rdata(t)).collect();
        ds.sort();
        ds.dedup();
        for rdata in &ds {
            let _ = writeln!(text, "{owner} IN DS {rdata}");
        }
        for (host, ns) in &hosts {
            if !inside(host, &owner) || self.apex_hosts.contains(host) {
                continue;
            }
            let addresses: BTreeSet<IpAddr> =
                ns.addresses.iter().filter_map(|a| a.parse().ok()).collect();
            for a in addresses {
                address_record(&mut text, host, a);
            }
        }
        self.emit(&text)?;
        let digest = Sha256::digest(text.as_bytes());
        self.buf = text;
        let mut short = [0u8; 16];
        short.copy_from_slice(&digest[..16]);
        Ok(short)
    }

    /// Ends the zone: the sink, the content digest (hex, serial excluded)
    /// and the byte offset of the serial field.
    pub(crate) fn finish(mut self) -> io::Result<(W, String, u64)> {
        self.out.flush()?;
        Ok((
            self.out,
            hex::encode(self.zone_hash.finalize()),
            self.serial_offset,
        ))
    }

    fn emit(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())?;
        self.zone_hash.update(text.as_bytes());
        self.written += text.len() as u64;
        Ok(())
    }
}

/// The serial as written in the SOA: left-aligned, padded to a fixed width.
pub(crate) fn serial_field(serial: u32) -> String {
    format!("{serial:<SERIAL_WIDTH$}")
}

/// A name in absolute form: lower case, one final dot.
fn absolute(name: &str) -> String {
    let mut n = name.trim().trim_end_matches('.').to_ascii_lowercase();
    n.push('.');
    n
}

/// Whether absolute `name` is `parent` or below it.
fn inside(name: &str, parent: &str) -> bool {
    name == parent
        || name
            .strip_suffix(parent)
            .is_some_and(|head| head.ends_with('.'))
}

fn address_record(text: &mut String, host: &str, a: IpAddr) {
    let _ = match a {
        IpAddr::V4(v4) => writeln!(text, "{host} IN A {v4}"),
        IpAddr::V6(v6) => writeln!(text, "{host} IN AAAA {v6}"),
    };
}

/// A stored DS text as zone rdata, or `None` when it could not load (the
/// zone must always load; DS texts are validated on input, this only guards
/// against records imported from elsewhere).
fn ds_rdata(text: &str) -> Option<String> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [tag, alg, digest_type, digest @ ..] = fields.as_slice() else {
        return None;
    };
    let digest: String = digest.concat();
    let ok = tag.parse::<u16>().is_ok()
        && alg.parse::<u8>().is_ok()
        && digest_type.parse::<u8>().is_ok()
        && !digest.is_empty()
        && digest.len().is_multiple_of(2)
        && digest.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| format!("{tag} {alg} {digest_type} {}", digest.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::policy::{DEFAULT_TOML, Policy};

    fn ns(host: &str, addresses: &[&str]) -> Nameserver {
        Nameserver {
            host: host.into(),
            addresses: addresses.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn zone_text(delegations: &[Delegation], serial: u32) -> (String, String, Vec<[u8; 16]>) {
        let policy = Policy::parse(DEFAULT_TOML).unwrap();
        let mut w = ZoneWriter::start(Vec::new(), &policy.zone, serial).unwrap();
        let digests = delegations
            .iter()
            .map(|d| w.delegation(d).unwrap())
            .collect();
        let (bytes, digest, offset) = w.finish().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            &text[offset as usize..offset as usize + 10],
            serial_field(serial)
        );
        (text, digest, digests)
    }

    fn exemplo() -> Delegation {
        Delegation {
            name: "exemplo.pt".into(),
            nameservers: vec![
                ns("ns2.exemplo.pt", &["2001:db8::2", "192.0.2.2"]),
                ns("NS1.Exemplo.PT.", &["192.0.2.1"]),
                ns("ns.provedor.pt", &["198.51.100.9"]),
                ns("ns.example.net", &["203.0.113.1"]),
            ],
            ds: vec!["12345 13 2 abcdef0123".into(), "bad ds".into()],
        }
    }

    #[test]
    fn the_layout() {
        let (text, _, _) = zone_text(&[exemplo()], 2026030100);
        let expected = "\
$ORIGIN pt.
$TTL 86400
pt. IN SOA a.dns.pt. hostmaster.dns.pt. 2026030100 3600 900 1209600 3600
pt. IN NS a.dns.pt.
pt. IN NS b.dns.pt.
a.dns.pt. IN A 192.0.2.53
a.dns.pt. IN AAAA 2001:db8::53
b.dns.pt. IN A 198.51.100.53
exemplo.pt. IN NS ns.example.net.
exemplo.pt. IN NS ns.provedor.pt.
exemplo.pt. IN NS ns1.exemplo.pt.
exemplo.pt. IN NS ns2.exemplo.pt.
exemplo.pt. IN DS 12345 13 2 ABCDEF0123
ns1.exemplo.pt. IN A 192.0.2.1
ns2.exemplo.pt. IN A 192.0.2.2
ns2.exemplo.pt. IN AAAA 2001:db8::2
";
        assert_eq!(text, expected);
    }

    #[test]
    fn the_digest_ignores_the_serial_only() {
        let (a, da, pa) = zone_text(&[exemplo()], 2026030100);
        let (b, db, pb) = zone_text(&[exemplo()], 7);
        assert_ne!(a, b);
        assert!(b.contains(" 7          3600 "), "{b}");
        assert_eq!(da, db);
        assert_eq!(pa, pb);
        let mut other = exemplo();
        other.nameservers.pop();
        let (_, dc, pc) = zone_text(&[other], 2026030100);
        assert_ne!(da, dc);
        assert_ne!(pa, pc);
    }

    #[test]
    fn nameserver_order_does_not_change_a_delegation() {
        let mut reordered = exemplo();
        reordered.nameservers.reverse();
        let (a, _, pa) = zone_text(&[exemplo()], 1);
        let (b, _, pb) = zone_text(&[reordered], 1);
        assert_eq!(a, b);
        assert_eq!(pa, pb);
    }

    #[test]
    fn names_inside() {
        let table = [
            ("ns1.exemplo.pt.", "exemplo.pt.", true),
            ("exemplo.pt.", "exemplo.pt.", true),
            ("ns1.outroexemplo.pt.", "exemplo.pt.", false),
            ("exemplo.pt.", "pt.", true),
            ("ns.example.net.", "pt.", false),
        ];
        for (name, parent, want) in table {
            assert_eq!(inside(name, parent), want, "{name} in {parent}");
        }
    }

    #[test]
    fn ds_texts() {
        assert_eq!(ds_rdata("1 8 2 ab cd").as_deref(), Some("1 8 2 ABCD"));
        for bad in [
            "",
            "1 8 2",
            "70000 8 2 ab",
            "1 8 2 abc",
            "1 8 2 zz",
            "x 8 2 ab",
        ] {
            assert_eq!(ds_rdata(bad), None, "{bad:?}");
        }
    }
}
