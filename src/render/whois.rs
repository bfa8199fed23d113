//! The WHOIS text layout, shared by `ptreg whois` and the server.

use crate::model::ManagerKind;
use crate::rules::periods::{Time, fmt_time};
use crate::rules::whois::{Answer, Record, TERMS_OF_USE};

/// The text of an answer at `at`, as `ptreg whois NAME` prints it and the
/// server sends it: a `%` header (terms of use, the time of the answer),
/// then the record or `No match for NAME`. `invalid query` has no header:
/// no search was made.
pub(crate) fn answer(a: &Answer, at: Time) -> String {
    match a {
        Answer::Found(r) => header(at) + &whois(r),
        Answer::NoMatch(name) => header(at) + &format!("No match for {name}\n"),
        Answer::Invalid => "invalid query\n".to_string(),
    }
}

/// The `%` comment lines before an answer (RIPE style, which WHOIS
/// clients and parsers skip).
fn header(at: Time) -> String {
    let mut out = String::from("% .pt WHOIS directory\n%\n");
    for paragraph in TERMS_OF_USE {
        for line in wrap(paragraph, 72) {
            out.push_str("% ");
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str(&format!("%\n% Answer at {}\n\n", fmt_time(at)));
    out
}

/// Words of `text` in lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The WHOIS text of a record: one `Key: value` line per field, in this
/// order, the same on the command line and from `whois serve` (the layout
/// is documented in `ptreg whois --help`). The managing entity is
/// `Registrar` when it is one, `Manager` when the registrant manages the
/// name itself; `Registrar Address` is absent while no postal address is
/// recorded for the registrar.
pub(crate) fn whois(r: &Record) -> String {
    let mut lines = vec![
        format!("Domain: {}", r.name),
        format!("Domain (Unicode): {}", r.unicode),
        format!("Creation Date: {}", fmt_time(r.created)),
        format!("Expiration Date: {}", fmt_time(r.expires)),
        format!("Status: {}", r.state),
    ];
    let manager = match r.manager_kind {
        ManagerKind::Registrar => "Registrar",
        ManagerKind::Registrant => "Manager",
    };
    for (role, p) in [("Registrant", &r.registrant), (manager, &r.manager)] {
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
    let dnssec = if r.signed() {
        "signedDelegation"
    } else {
        "unsigned"
    };
    lines.push(format!("DNSSEC: {dnssec}"));
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
