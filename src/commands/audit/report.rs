//! `ptreg audit report RUN [--format md|html|csv]`: what an auditor keeps
//! of a sampling run. The run's parameters, seed and population digest,
//! every selected name with its stratum and reason, the case each got and
//! what followed (proof requests, decisions, refunds), each with the journal
//! entry (sequence and hash) that records it, and the signed checkpoint that
//! covers those entries.
//!
//! Everything comes from the journal and the kept checkpoints, nothing from
//! the clock: the same registry gives the same bytes. The HTML is one file
//! with its style inline and no external asset.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::cli::ReportFormat;
use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Kind};
use crate::render;
use crate::store::{checkpoints, history};

/// What `audit request-proof` records.
#[derive(Deserialize)]
struct ProofInputs {
    case: i64,
    due: String,
}

/// What `audit decide` records.
#[derive(Deserialize)]
struct DecideInputs {
    case: i64,
    decision: String,
    #[serde(default)]
    grounds: Option<String>,
    #[serde(default)]
    refund: Option<String>,
}

/// One journal entry the report rests on.
#[derive(Debug, Clone, Serialize)]
struct Cited {
    seq: i64,
    time: String,
    command: String,
    hash: String,
}

/// What followed for one selected name.
#[derive(Debug, Default, Serialize)]
struct Followed {
    case: Option<i64>,
    proof_requested: Option<String>,
    proof_due: Option<String>,
    decision: Option<String>,
    decided: Option<String>,
    grounds: Option<String>,
    refund: Option<String>,
    entries: Vec<i64>,
}

#[derive(Debug, Serialize)]
struct Line {
    name: String,
    stratum: String,
    reason: String,
    #[serde(flatten)]
    followed: Followed,
}

/// The whole report, as data (`--json`).
#[derive(Debug, Serialize)]
struct Report {
    run: i64,
    time: String,
    actor: String,
    size: String,
    risk_share: Option<f64>,
    seed: String,
    window_from: String,
    window_to: String,
    population: usize,
    population_digest: String,
    policy_digest: String,
    lists_version: i64,
    selected: Vec<Line>,
    entries: Vec<Cited>,
    /// The first kept checkpoint that covers every cited entry.
    checkpoint: Option<String>,
}

fn build(conn: &rusqlite::Connection, run: i64) -> Result<Report> {
    let found = history::runs(conn)?
        .into_iter()
        .find(|r| r.entry.seq == run)
        .ok_or_else(|| {
            Error::not_found(format!("journal entry {run} is not a sampling run"))
                .with_hint("`ptreg audit runs` lists the sampling runs")
        })?;
    let cite = |e: &journal::Stored| Cited {
        seq: e.seq,
        time: e.time.clone(),
        command: e.command.clone(),
        hash: e.hash.clone(),
    };
    let mut entries = vec![cite(&found.entry)];
    let mut selected = Vec::new();
    for s in &found.outcome.selected {
        let mut f = Followed {
            case: found.outcome.cases.get(&s.name).copied(),
            ..Followed::default()
        };
        if let Some(case) = f.case {
            for e in journal::for_domain(conn, &s.name)? {
                if e.seq <= run {
                    continue;
                }
                match e.kind()? {
                    Kind::AuditRequestProof => {
                        let i: ProofInputs = e.inputs()?;
                        if i.case == case {
                            f.proof_requested = Some(e.time.clone());
                            f.proof_due = Some(i.due);
                        } else {
                            continue;
                        }
                    }
                    Kind::AuditDecide => {
                        let i: DecideInputs = e.inputs()?;
                        if i.case == case {
                            f.decision = Some(i.decision);
                            f.decided = Some(e.time.clone());
                            f.grounds = i.grounds;
                            f.refund = i.refund;
                        } else {
                            continue;
                        }
                    }
                    _ => continue,
                }
                f.entries.push(e.seq);
                entries.push(cite(&e));
            }
        }
        selected.push(Line {
            name: s.name.clone(),
            stratum: s.stratum.clone().unwrap_or_default(),
            reason: s.reason.clone(),
            followed: f,
        });
    }
    entries.sort_by_key(|e| e.seq);
    entries.dedup_by_key(|e| e.seq);
    let last = entries.last().map_or(run, |e| e.seq);
    let checkpoint = checkpoints::all(conn)?
        .into_iter()
        .find(|k| k.size >= last)
        .map(|k| k.note);
    let i = &found.inputs;
    Ok(Report {
        run,
        time: found.entry.time.clone(),
        actor: found.entry.actor.clone(),
        size: match (i.count, i.rate) {
            (Some(n), _) => format!("count {n}"),
            (None, Some(r)) => format!("rate {r}"),
            (None, None) => "rate 0".to_string(),
        },
        risk_share: i.risk_share,
        seed: i.seed.clone(),
        window_from: i.from.clone(),
        window_to: i.to.clone(),
        population: found.outcome.population,
        population_digest: found.outcome.population_digest.clone(),
        policy_digest: found.entry.policy_digest.clone(),
        lists_version: found.entry.lists_version,
        selected,
        entries,
        checkpoint,
    })
}

pub(super) fn run(run: i64, format: ReportFormat, ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let report = build(&tx, run)?;
    if ctx.json {
        return render::emit(ctx, &report, |_| String::new());
    }
    let text = match format {
        ReportFormat::Md => markdown(&report),
        ReportFormat::Html => html(&report),
        ReportFormat::Csv => csv(&report)?,
    };
    render::out(&text)
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// The parameters, as (label, value) pairs shared by the formats.
fn parameters(r: &Report) -> Vec<(&'static str, String)> {
    vec![
        ("Run (journal entry)", r.run.to_string()),
        ("Drawn at", r.time.clone()),
        ("By", r.actor.clone()),
        ("Size", r.size.clone()),
        (
            "Risk share",
            r.risk_share.map_or_else(
                || "uncapped (before the cap)".to_string(),
                |s| s.to_string(),
            ),
        ),
        ("Seed", r.seed.clone()),
        (
            "Window",
            format!("after {} up to {}", r.window_from, r.window_to),
        ),
        ("Population", r.population.to_string()),
        ("Population digest", r.population_digest.clone()),
        ("Policy digest", r.policy_digest.clone()),
        ("Lists version", r.lists_version.to_string()),
    ]
}

const HEADER: [&str; 9] = [
    "name",
    "stratum",
    "reason",
    "case",
    "proof requested",
    "proof due",
    "decision",
    "refund",
    "entries",
];

fn cells(l: &Line) -> [String; 9] {
    let f = &l.followed;
    let decision = match (&f.decision, &f.decided) {
        (Some(d), Some(t)) => match &f.grounds {
            Some(g) => format!("{d} at {t}: {g}"),
            None => format!("{d} at {t}"),
        },
        _ => String::new(),
    };
    [
        l.name.clone(),
        l.stratum.clone(),
        l.reason.clone(),
        f.case.map(|c| c.to_string()).unwrap_or_default(),
        opt(&f.proof_requested).to_string(),
        opt(&f.proof_due).to_string(),
        decision,
        opt(&f.refund).to_string(),
        f.entries
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    ]
}

fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

fn markdown(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Conformity sampling run {} (Art. 8.1)\n", r.run);
    out.push_str("| parameter | value |\n|---|---|\n");
    for (k, v) in parameters(r) {
        let _ = writeln!(out, "| {k} | {} |", md_cell(&v));
    }
    let _ = writeln!(out, "\n## Selected names ({})\n", r.selected.len());
    let _ = writeln!(out, "| {} |", HEADER.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(HEADER.len()));
    for l in &r.selected {
        let row: Vec<String> = cells(l).iter().map(|c| md_cell(c)).collect();
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push_str("\n## Journal entries\n\n| seq | time | command | hash |\n|---|---|---|---|\n");
    for e in &r.entries {
        let _ = writeln!(
            out,
            "| {} | {} | {} | `{}` |",
            e.seq, e.time, e.command, e.hash
        );
    }
    out.push_str("\n## Checkpoint\n\n");
    match &r.checkpoint {
        Some(note) => {
            out.push_str(
                "The first signed checkpoint that covers these entries \
                 (check it with `ptreg audit verify --checkpoint FILE --pubkey FILE`):\n\n```\n",
            );
            out.push_str(note);
            out.push_str("```\n");
        }
        None => out.push_str(
            "No signed checkpoint covers these entries yet (`ptreg audit checkpoint --key FILE`).\n",
        ),
    }
    out
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin:1em 0}\
th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#eee}code,pre{font-family:monospace;font-size:.9em}\
pre{background:#f6f6f6;padding:1em;border:1px solid #ddd}";

fn html(r: &Report) -> String {
    let mut out = String::new();
    let title = format!("Conformity sampling run {} (Art. 8.1)", r.run);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<table>\n",
        esc(&title),
        esc(&title)
    );
    for (k, v) in parameters(r) {
        let _ = writeln!(out, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(&v));
    }
    let _ = writeln!(
        out,
        "</table>\n<h2>Selected names ({})</h2>\n<table>\n<tr>{}</tr>",
        r.selected.len(),
        HEADER
            .iter()
            .map(|h| format!("<th>{}</th>", esc(h)))
            .collect::<String>()
    );
    for l in &r.selected {
        let row: String = cells(l)
            .iter()
            .map(|c| format!("<td>{}</td>", esc(c)))
            .collect();
        let _ = writeln!(out, "<tr>{row}</tr>");
    }
    out.push_str(
        "</table>\n<h2>Journal entries</h2>\n<table>\n\
         <tr><th>seq</th><th>time</th><th>command</th><th>hash</th></tr>\n",
    );
    for e in &r.entries {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            e.seq,
            esc(&e.time),
            esc(&e.command),
            esc(&e.hash)
        );
    }
    out.push_str("</table>\n<h2>Checkpoint</h2>\n");
    match &r.checkpoint {
        Some(note) => {
            let _ = writeln!(
                out,
                "<p>The first signed checkpoint that covers these entries:</p>\n<pre>{}</pre>",
                esc(note)
            );
        }
        None => out.push_str("<p>No signed checkpoint covers these entries yet.</p>\n"),
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn csv(r: &Report) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["run"];
    header.extend_from_slice(&HEADER);
    header.extend_from_slice(&["seed", "population_digest"]);
    let write_err = |e: csv::Error| Error::internal("cannot write the report").with_cause(e);
    w.write_record(&header).map_err(write_err)?;
    for l in &r.selected {
        let mut row = vec![r.run.to_string()];
        row.extend(cells(l));
        row.push(r.seed.clone());
        row.push(r.population_digest.clone());
        w.write_record(&row).map_err(write_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::internal("cannot write the report").with_cause(e.into_error()))?;
    String::from_utf8(bytes).map_err(|e| Error::internal("the report is not UTF-8").with_cause(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        Report {
            run: 7,
            time: "2026-03-10T00:00:00Z".into(),
            actor: "auditor".into(),
            size: "rate 0.2".into(),
            risk_share: Some(0.5),
            seed: "5eed".into(),
            window_from: "2026-02-28T00:00:00Z".into(),
            window_to: "2026-03-10T00:00:00Z".into(),
            population: 3,
            population_digest: "ab".repeat(32),
            policy_digest: "cd".repeat(32),
            lists_version: 1,
            selected: vec![Line {
                name: "a<b>&\"c\".pt".into(),
                stratum: "near".into(),
                reason: "close to listed name \"Lisboa\" | x".into(),
                followed: Followed {
                    case: Some(3),
                    entries: vec![9],
                    ..Followed::default()
                },
            }],
            entries: vec![Cited {
                seq: 7,
                time: "2026-03-10T00:00:00Z".into(),
                command: "audit-sample".into(),
                hash: "ef".repeat(32),
            }],
            checkpoint: None,
        }
    }

    #[test]
    fn html_is_escaped_and_self_contained() {
        let h = html(&report());
        assert!(h.contains("a&lt;b&gt;&amp;&quot;c&quot;.pt"));
        assert!(!h.contains("<b>"));
        for external in ["src=", "href=", "http", "@import", "url("] {
            assert!(!h.contains(external), "{external}");
        }
    }

    #[test]
    fn markdown_escapes_table_cells_and_csv_quotes() {
        let m = markdown(&report());
        assert!(m.contains("\\| x"), "{m}");
        let c = csv(&report()).unwrap();
        assert!(c.starts_with("run,name,stratum,reason,"), "{c}");
        assert!(
            c.contains("\"close to listed name \"\"Lisboa\"\" | x\""),
            "{c}"
        );
    }
}
