//! The WHOIS text layout (SPEC §7), shared by `ptreg whois` and the server.

use crate::rules::periods::fmt_time;
use crate::rules::whois::Record;

/// The WHOIS text of a record: one `Key: value` line per field, in this
/// order, the same on the command line and from `whois serve` (the layout
/// is documented in `ptreg whois --help`). `Manager Address` is absent for
/// a registrar recorded without an address.
pub(crate) fn whois(r: &Record) -> String {
    let mut lines = vec![
        format!("Domain: {}", r.name),
        format!("Domain (Unicode): {}", r.unicode),
        format!("Creation Date: {}", fmt_time(r.created)),
        format!("Expiration Date: {}", fmt_time(r.expires)),
        format!("Status: {}", r.state),
    ];
    for (role, p) in [("Registrant", &r.registrant), ("Manager", &r.manager)] {
        lines.push(format!("{role} Name: {}", one_line(&p.name)));
        if let Some(a) = &p.address {
            lines.push(format!("{role} Address: {}", one_line(a)));
        }
        lines.push(format!("{role} Email: {}", one_line(&p.email)));
    }
    for ns in &r.nameservers {
        let mut line = format!("Name Server: {}", ns.host);
        for a in &ns.addresses {
            line.push(' ');
            line.push_str(a);
        }
        lines.push(line);
    }
    for ds in &r.ds {
        lines.push(format!("DS: {ds}"));
    }
    lines.push(String::new());
    lines.join("\n")
}

/// A value on one line: line breaks and other control characters in stored
/// text (a multi-line postal address) become spaces, so every WHOIS field
/// stays one `Key: value` line.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control())
        .filter(|part| !part.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}
