//! `ptreg audit runs`: the sampling runs recorded in the journal, one row
//! each (the run id is its journal entry, for `audit-sample --reproduce`
//! and `audit report`).

use serde::Serialize;

use crate::commands::open;
use crate::context::Ctx;
use crate::error::Result;
use crate::render;
use crate::store::history;

/// One run as listed (a flat row: the same fields in every output format).
#[derive(Debug, Serialize)]
pub(crate) struct RunRow {
    pub(crate) run: i64,
    pub(crate) time: String,
    pub(crate) actor: String,
    pub(crate) seed: String,
    /// `rate 0.05` or `count 25`.
    pub(crate) size: String,
    pub(crate) population: usize,
    pub(crate) population_digest: String,
    pub(crate) selected: usize,
}

/// Every run, oldest first.
pub(crate) fn rows(conn: &rusqlite::Connection) -> Result<Vec<RunRow>> {
    Ok(history::runs(conn)?
        .into_iter()
        .map(|r| RunRow {
            run: r.entry.seq,
            time: r.entry.time,
            actor: r.entry.actor,
            seed: r.inputs.seed,
            size: match (r.inputs.count, r.inputs.rate) {
                (Some(n), _) => format!("count {n}"),
                (None, Some(rate)) => format!("rate {rate}"),
                (None, None) => "rate 0".to_string(),
            },
            population: r.outcome.population,
            population_digest: r.outcome.population_digest,
            selected: r.outcome.selected.len(),
        })
        .collect())
}

/// The TSV/CSV columns (the JSON field names).
const HEADER: &[&str] = &[
    "run",
    "time",
    "actor",
    "seed",
    "size",
    "population",
    "population_digest",
    "selected",
];

pub(super) fn list(format: &crate::cli::ListFormat, ctx: &Ctx) -> Result<()> {
    let format = ctx.list_format(format)?;
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let mut listing = render::list::Listing::new(format, HEADER, |r: &RunRow| {
        vec![
            r.run.to_string(),
            r.time.clone(),
            r.actor.clone(),
            r.seed.clone(),
            r.size.clone(),
            r.population.to_string(),
            r.population_digest.clone(),
            r.selected.to_string(),
        ]
    })?;
    // The runs are few (one a sampling): read whole, then written.
    for row in rows(&tx)? {
        listing.push(row)?;
    }
    listing.finish(|rows| {
        if rows.is_empty() {
            return "no sampling runs".to_string();
        }
        render::table(
            &["run", "time", "seed", "size", "population", "selected"],
            rows.iter().map(|r| {
                vec![
                    r.run.to_string(),
                    r.time.clone(),
                    r.seed.clone(),
                    r.size.clone(),
                    r.population.to_string(),
                    r.selected.to_string(),
                ]
            }),
        )
    })?;
    Ok(())
}
