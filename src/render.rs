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

pub(crate) mod list;
pub(crate) mod whois;
pub(crate) mod zone;

pub(crate) use whois::whois;

/// Prints `value` as JSON with `--json`, else as `human(value)`; nothing
/// when `--quiet` silences the command's summary. Under `--dry-run` a JSON
/// object says `"dry_run": true`.
pub(crate) fn emit<T: Serialize + ?Sized>(
    ctx: &Ctx,
    value: &T,
    human: impl FnOnce(&T) -> String,
) -> Result<()> {
    if ctx.silent {
        return Ok(());
    }
    let text = if ctx.json {
        let text = serde_json::to_string_pretty(value)?;
        if ctx.dry_run {
            mark_dry_run(text)
        } else {
            text
        }
    } else {
        human(value)
    };
    out(&text)
}

/// Adds `"dry_run": true` as the last field of a pretty-printed JSON
/// object (the fields keep their order); other values are left as they are.
fn mark_dry_run(text: String) -> String {
    if text == "{}" {
        return "{\n  \"dry_run\": true\n}".to_string();
    }
    // A result that already says so (`import`, `register --batch`) keeps
    // its own field: a key twice is not JSON every reader takes.
    if text.contains("\n  \"dry_run\": ") {
        return text;
    }
    match text.strip_suffix("\n}") {
        Some(body) if text.starts_with('{') => format!("{body},\n  \"dry_run\": true\n}}"),
        _ => text,
    }
}

/// `N thing` or `N things`: "1 delegation", "2 delegations".
pub(crate) fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
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

#[cfg(test)]
mod tests {
    use super::mark_dry_run;

    #[test]
    fn a_dry_run_object_says_so_last() {
        let marked =
            mark_dry_run(serde_json::to_string_pretty(&serde_json::json!({"b": 1})).unwrap());
        assert_eq!(marked, "{\n  \"b\": 1,\n  \"dry_run\": true\n}");
        let v: serde_json::Value = serde_json::from_str(&marked).unwrap();
        assert_eq!(v["dry_run"], true);
        assert_eq!(mark_dry_run("{}".into()), "{\n  \"dry_run\": true\n}");
        assert_eq!(mark_dry_run("[\n  1\n]".into()), "[\n  1\n]");
        let own = "{\n  \"dry_run\": true,\n  \"n\": 1\n}";
        assert_eq!(mark_dry_run(own.into()), own);
    }
}
