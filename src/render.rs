//! Output: every command hands one `Serialize` value here, and it is printed
//! either as JSON (`--json`) or by the command's human renderer, so the two
//! can never disagree. Tables use comfy-table.

use std::io::Write;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use crate::context::Ctx;
use crate::error::Result;
use crate::model::Domain;
use crate::rules::periods::fmt_time;

mod whois;
pub(crate) mod zone;

pub(crate) use whois::whois;

/// Prints `value` as JSON with `--json`, else as `human(value)`.
pub(crate) fn emit<T: Serialize + ?Sized>(
    ctx: &Ctx,
    value: &T,
    human: impl FnOnce(&T) -> String,
) -> Result<()> {
    let text = if ctx.json {
        serde_json::to_string_pretty(value)?
    } else {
        human(value)
    };
    out(&text)
}

/// Writes text (plus a final newline if missing) to stdout.
pub(crate) fn out(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    if !text.is_empty() && !text.ends_with('\n') {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(())
}

/// A table with a header row, laid out by comfy-table.
pub(crate) fn table<I, R>(header: &[&str], rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_header(header.iter().copied());
    for r in rows {
        t.add_row(r);
    }
    t.to_string()
}

/// `key: value` lines, keys padded to one column.
pub(crate) fn fields(pairs: &[(&str, String)]) -> String {
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
    pairs
        .iter()
        .map(|(k, v)| format!("{:<width$} {v}", format!("{k}:")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The human form of one domain (`show`, and every command that changes one).
pub(crate) fn domain(d: &Domain) -> String {
    let mut pairs = vec![("name", d.name.clone())];
    if d.unicode != d.name {
        pairs.push(("unicode", d.unicode.clone()));
    }
    pairs.extend([
        ("hierarchy", d.hierarchy.clone()),
        ("state", d.state.to_string()),
        ("created", fmt_time(d.created)),
        ("expires", fmt_time(d.expires)),
        ("registrant", d.registrant.clone()),
        (
            "manager",
            match d.registrar() {
                Some(r) => r.to_string(),
                None => format!("{} (the registrant)", d.manager),
            },
        ),
        ("tech", d.tech.clone()),
    ]);
    for ns in &d.nameservers {
        let v = if ns.addresses.is_empty() {
            ns.host.clone()
        } else {
            format!("{} {}", ns.host, ns.addresses.join(" "))
        };
        pairs.push(("nameserver", v));
    }
    for ds in &d.ds {
        pairs.push(("ds", ds.clone()));
    }
    pairs.push((
        "arbitration",
        if d.arbitration { "yes" } else { "no" }.to_string(),
    ));
    if let Some(l) = &d.litigation {
        pairs.push(("litigation", l.clone()));
    }
    if let Some(s) = &d.suspension {
        pairs.push(("suspension", s.clone()));
    }
    if let Some(p) = &d.pending_removal {
        pairs.push((
            "pending removal",
            match p.effective {
                Some(at) => format!(
                    "by {} effective {} [Art. {}]",
                    p.by,
                    fmt_time(at),
                    p.article
                ),
                None => format!(
                    "by {}, its period starting when the notice is sent [Art. {}]",
                    p.by, p.article
                ),
            },
        ));
    }
    if let Some(c) = d.case {
        pairs.push(("conformity case", c.to_string()));
    }
    if let Some(due) = d.held_until {
        pairs.push((
            "held",
            format!(
                "until its legitimacy is proved, by {} [Art. 8.5]",
                fmt_time(due)
            ),
        ));
    }
    fields(&pairs)
}

/// Domains as a table (`domains`).
pub(crate) fn domain_table(list: &[Domain]) -> String {
    table(
        &["name", "state", "expires", "registrant", "manager", "ns"],
        list.iter().map(|d| {
            vec![
                if d.unicode != d.name {
                    format!("{} ({})", d.unicode, d.name)
                } else {
                    d.name.clone()
                },
                d.state.to_string(),
                fmt_time(d.expires),
                d.registrant.clone(),
                d.manager.clone(),
                d.nameservers.len().to_string(),
            ]
        }),
    )
}
