//! `ptreg register --batch FILE [--reject FILE]`: new registrations in bulk,
//! each row through every rule by the very path of a single `register`
//! ([`crate::ops::registration::register`]: name, admissibility, parties,
//! technical data, price, journal entry).
//!
//! Input: CSV with a header (order free) of the columns `name, registrant,
//! manager, tech, nameservers, ds, arbitration, years, legitimacy` (the
//! flags of `register`; `nameservers` space-separated `host[=ip,ip]`, `ds`
//! `|`-separated), or JSON Lines records with those fields. All or nothing
//! by default: the first bad row ends the run with its line and the exit
//! code of its error (3 with the article for a refusal), and nothing is
//! registered. With `--reject FILE` the good rows are registered and each
//! bad one written to FILE (like `import --reject`). The summary counts the
//! registrations and the refusals per article.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::Path;

use csv::ByteRecord;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::bulk::input::{self, Format, NsItem};
use crate::bulk::reject::{self, Original};
use crate::bulk::row::BadRow;
use crate::context::Ctx;
use crate::error::{Error, Kind, Result};
use crate::journal::Stamp;
use crate::ops;
use crate::outfile::{OutFile, Taken};
use crate::progress;
use crate::render;
use crate::rules::registration::Request;
use crate::store::{self, policy::StoredPolicy};

const COLUMNS: &[&str; 9] = &[
    "name",
    "registrant",
    "manager",
    "tech",
    "nameservers",
    "ds",
    "arbitration",
    "years",
    "legitimacy",
];

/// What the run did.
#[derive(Debug, Default, Serialize)]
struct Summary {
    file: String,
    registered: u64,
    /// Rows refused under the rules, by article.
    refused: BTreeMap<String, u64>,
    /// Rows with malformed input (exit 2 kind).
    malformed: u64,
    /// Rows naming an unknown contact or registrar (exit 4 kind).
    not_found: u64,
    /// Rows in conflict with the registry (exit 5 kind).
    conflict: u64,
    rejected: u64,
    dry_run: bool,
}

/// One batch in progress: the transaction, the policy, where bad rows go.
struct Batch<'a> {
    tx: &'a Connection,
    ctx: &'a Ctx,
    stamp: Stamp,
    policy: StoredPolicy,
    file: String,
    reject: Option<reject::Writer>,
    summary: Summary,
}

pub(crate) fn run(path: &Path, reject_path: Option<&Path>, ctx: &Ctx) -> Result<()> {
    let super::Stream {
        head,
        reader: file,
        size,
    } = super::open_stream(path)?;
    let format = input::detect(path, &head);

    let mut store = super::open(ctx)?;
    let mut reject_out = reject_path
        .map(|p| reject::open(p, &Taken::registry(&ctx.db).input(path)))
        .transpose()?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let mut batch = Batch {
        tx: &tx,
        ctx,
        stamp: ctx.stamp(),
        policy,
        file: path.display().to_string(),
        reject: None,
        summary: Summary {
            file: path.display().to_string(),
            dry_run: ctx.dry_run,
            ..Summary::default()
        },
    };
    match format {
        Format::Csv => {
            let bar = progress::bytes(ctx, size, "registering");
            let delimiter = input::csv_delimiter(&head);
            csv_rows(&mut batch, file, reject_out.take(), &bar, delimiter)?;
            bar.finish();
        }
        Format::Jsonl => {
            batch.reject = reject_out.take().map(reject::Writer::jsonl);
            let bar = progress::bar(ctx, 0, "registering");
            input::lines(BufReader::new(file), |line, text| {
                bar.inc(1);
                jsonl_row(&mut batch, line, text)
            })?;
            bar.finish();
        }
    }
    if let Some(w) = batch.reject.take()
        && let Some(written) = w.finish()?
    {
        store::outputs::record(&tx, &written, "register --batch", ctx.now)?;
    }
    let summary = batch.summary;
    store::finish(tx, ctx.dry_run)?;
    render::emit(ctx, &summary, human)?;
    match reject_path {
        Some(file) if summary.rejected > 0 => Err(Error::rows_rejected(summary.rejected, file)),
        _ => Ok(()),
    }
}

fn csv_rows(
    batch: &mut Batch<'_>,
    file: Box<dyn std::io::Read>,
    reject: Option<OutFile>,
    bar: &progress::Progress,
    delimiter: u8,
) -> Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(file);
    let mut header = ByteRecord::new();
    if !rdr
        .read_byte_record(&mut header)
        .map_err(|e| Error::usage(format!("{}: malformed CSV", batch.file)).with_cause(e))?
    {
        return Err(Error::usage("the file is empty: a CSV header is required"));
    }
    let at = columns(&header)?;
    if let Some(out) = reject {
        batch.reject = Some(reject::Writer::csv(out, &header)?);
    }
    let mut rec = ByteRecord::new();
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| Error::usage(format!("{}: malformed CSV", batch.file)).with_cause(e))?
    {
        let line = rec.position().map_or(0, |p| p.line());
        bar.set(rec.position().map_or(0, |p| p.byte()));
        let req = if rec.len() == header.len() {
            request_from_csv(&rec, &at)
        } else {
            Err(format!(
                "{} fields where the header has {}",
                rec.len(),
                header.len()
            ))
        };
        match req {
            Ok(req) => batch.register(line, &req, Original::Csv(&rec))?,
            Err(reason) => batch.bad(line, Error::usage(reason), Original::Csv(&rec))?,
        }
    }
    Ok(())
}

/// Where each column sits (None: absent); name and registrant are needed.
fn columns(header: &ByteRecord) -> Result<[Option<usize>; 9]> {
    let at = crate::bulk::input::header_columns(header, COLUMNS)?;
    for k in [0, 1] {
        if at[k].is_none() {
            return Err(Error::usage(format!(
                "line 1: the header lacks the column {:?}",
                COLUMNS[k]
            )));
        }
    }
    Ok(at)
}

fn request_from_csv(rec: &ByteRecord, at: &[Option<usize>; 9]) -> Result<Request, String> {
    let get = |k: usize| -> Result<String, String> {
        match at[k] {
            None => Ok(String::new()),
            Some(i) => std::str::from_utf8(&rec[i])
                .map(|s| s.trim().to_string())
                .map_err(|_| format!("{} is not UTF-8", COLUMNS[k])),
        }
    };
    let opt = |s: String| Some(s).filter(|s| !s.is_empty());
    let years = match get(7)?.as_str() {
        "" => None,
        y => Some(
            y.parse()
                .map_err(|_| format!("years {y:?} is not a number"))?,
        ),
    };
    let arbitration =
        crate::bulk::syntax::boolean(&get(6)?).map_err(|e| format!("arbitration {e}"))?;
    Ok(Request {
        name: get(0)?,
        registrant: get(1)?,
        manager: opt(get(2)?),
        tech: opt(get(3)?),
        nameservers: get(4)?.split_whitespace().map(str::to_string).collect(),
        ds: get(5)?
            .split('|')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect(),
        years,
        arbitration,
        legitimacy: opt(get(8)?),
    })
}

/// A JSON Lines row: the fields of `register`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchRecord {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    name: String,
    registrant: String,
    #[serde(default)]
    manager: Option<String>,
    #[serde(default)]
    tech: Option<String>,
    #[serde(default)]
    nameservers: Vec<NsItem>,
    #[serde(default)]
    ds: Vec<String>,
    #[serde(default)]
    years: Option<u32>,
    /// Yes or no, read as `import` reads it.
    #[serde(default)]
    arbitration: serde_json::Value,
    #[serde(default)]
    legitimacy: Option<String>,
}

fn jsonl_row(batch: &mut Batch<'_>, line: u64, text: &str) -> Result<()> {
    let rec = match serde_json::from_str::<BatchRecord>(text) {
        Ok(r) if r.kind.as_deref().is_none_or(|k| k == "domain") => r,
        Ok(_) => {
            let e = Error::usage("only domain records are registered in a batch");
            return batch.bad(line, e, Original::Line(text));
        }
        Err(e) => {
            let e = Error::usage(format!("bad record: {e}"));
            return batch.bad(line, e, Original::Line(text));
        }
    };
    let arbitration = match crate::bulk::syntax::json_boolean(&rec.arbitration) {
        Ok(b) => b,
        Err(e) => {
            let e = Error::usage(format!("arbitration {e}"));
            return batch.bad(line, e, Original::Line(text));
        }
    };
    let req = Request {
        name: rec.name,
        registrant: rec.registrant,
        manager: rec.manager.filter(|m| !m.is_empty()),
        tech: rec.tech.filter(|t| !t.is_empty()),
        nameservers: rec.nameservers.iter().map(NsItem::text).collect(),
        ds: rec.ds,
        years: rec.years,
        arbitration,
        legitimacy: rec.legitimacy,
    };
    batch.register(line, &req, Original::Line(text))
}

impl Batch<'_> {
    /// One registration inside a savepoint, so a refused row leaves no trace
    /// and the batch goes on (with `--reject`).
    fn register(&mut self, line: u64, req: &Request, original: Original<'_>) -> Result<()> {
        self.tx.execute_batch("SAVEPOINT batch_row")?;
        match ops::registration::register(self.tx, &self.stamp, &self.policy, req) {
            Ok(registered) => {
                self.tx.execute_batch("RELEASE batch_row")?;
                super::register::tell(self.ctx, &registered.domain.name, &registered.notes);
                self.summary.registered += 1;
                Ok(())
            }
            Err(e) => {
                self.tx
                    .execute_batch("ROLLBACK TO batch_row; RELEASE batch_row")?;
                self.bad(line, e, original)
            }
        }
    }

    /// A bad row: counted, then written aside or (all or nothing) raised
    /// with its line. A failure of the system is never a bad row.
    fn bad(&mut self, line: u64, e: Error, original: Original<'_>) -> Result<()> {
        if e.kind == Kind::Internal {
            return Err(e);
        }
        match &e.article {
            Some(a) => *self.summary.refused.entry(a.clone()).or_default() += 1,
            None => match e.kind {
                Kind::NotFound => self.summary.not_found += 1,
                Kind::Conflict => self.summary.conflict += 1,
                _ => self.summary.malformed += 1,
            },
        }
        let Some(w) = &mut self.reject else {
            return Err(Error {
                message: format!("{} line {line}: {}", self.file, e.message),
                ..e
            }
            .with_hint(
                "nothing was registered; with --reject FILE the good rows are registered \
                 and each bad one is written to FILE",
            ));
        };
        self.summary.rejected += 1;
        let bad = BadRow {
            line,
            field: None,
            kind: e.kind,
            reason: match &e.article {
                Some(a) => format!("{} [Art. {a}]", e.message),
                None => e.message,
            },
            refused: None,
        };
        w.write(&bad, original)
    }
}

fn human(s: &Summary) -> String {
    let verb = if s.dry_run {
        "would register"
    } else {
        "registered"
    };
    let mut out = format!(
        "{verb} {} from {}",
        render::count(s.registered, "name", "names"),
        s.file
    );
    // Articles in the rules' order (5.3 before 31.3), not as text.
    let mut refused: Vec<(&String, &u64)> = s.refused.iter().collect();
    refused.sort_by_key(|(a, _)| {
        a.split('.')
            .map(|p| p.parse::<u32>().unwrap_or(u32::MAX))
            .collect::<Vec<_>>()
    });
    let mut rows: Vec<Vec<String>> = refused
        .into_iter()
        .map(|(a, n)| vec![format!("refused [Art. {a}]"), n.to_string()])
        .collect();
    for (what, n) in [
        ("malformed", s.malformed),
        ("unknown party", s.not_found),
        ("conflict", s.conflict),
    ] {
        if n > 0 {
            rows.push(vec![what.to_string(), n.to_string()]);
        }
    }
    if !rows.is_empty() {
        out.push('\n');
        out.push_str(&render::table(&["not registered", "rows"], rows));
        if s.rejected > 0 {
            out.push_str(&format!("\n{} rows written to the reject file", s.rejected));
        }
    }
    out
}
