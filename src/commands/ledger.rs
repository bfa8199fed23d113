//! `ptreg ledger [--from T] [--to T] [--format F]`: every charge and refund
//! (Art. 18-20), in time order; `--from` inclusive, `--to` exclusive.

use crate::cli::{Format, LedgerArgs, ListFormat};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::render::{self, list::Listing};
use crate::store::ledger::{LedgerLine, lines};

/// The TSV/CSV columns (the field names of `ledger --json`).
const HEADER: &[&str] = &[
    "time", "domain", "kind", "amount", "article", "years", "iban",
];

pub(crate) fn run(args: LedgerArgs, ctx: &Ctx) -> Result<()> {
    let format = if args.csv {
        ctx.list_format(&ListFormat {
            format: Some(Format::Csv),
        })?
    } else {
        ctx.list_format(&args.format)?
    };
    let from = args
        .from
        .as_deref()
        .map(|t| Ctx::parse_time_opt("--from", t))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|t| Ctx::parse_time_opt("--to", t))
        .transpose()?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(Error::usage("--from is after --to"));
    }
    let mut store = super::open(ctx)?;
    let tx = store.read()?;
    let mut listing = Listing::new(format, HEADER, |l: &LedgerLine| {
        vec![
            l.time.clone(),
            l.domain.clone(),
            l.kind.clone(),
            l.amount.clone(),
            l.article.clone(),
            render::list::opt(&l.years),
            render::list::opt(&l.iban),
        ]
    })?;
    lines(&tx, from, to, |l| listing.push(l))?;
    listing.finish(|list| {
        if list.is_empty() {
            return "no ledger lines".to_string();
        }
        render::table(
            &["time", "domain", "kind", "amount", "years", "article"],
            list.iter().map(|l| {
                vec![
                    l.time.clone(),
                    l.domain.clone(),
                    l.kind.clone(),
                    l.amount.clone(),
                    l.years.map(|y| y.to_string()).unwrap_or_default(),
                    l.article.clone(),
                ]
            }),
        )
    })?;
    Ok(())
}
