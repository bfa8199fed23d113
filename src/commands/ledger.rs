//! `ptreg ledger [--from T] [--to T] [--csv|--json]`: every charge and
//! refund (Art. 18-20), in time order; `--from` inclusive, `--to` exclusive.

use crate::cli::LedgerArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::render;
use crate::store::ledger::{LedgerLine, lines};

pub(crate) fn run(args: LedgerArgs, ctx: &Ctx) -> Result<()> {
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
    let list = lines(&tx, from, to)?;
    if args.csv {
        return render::out(&csv_text(&list)?);
    }
    render::emit(ctx, &list, |list| {
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
    })
}

/// The lines as CSV with a header (the field names of `ledger --json`).
fn csv_text(list: &[LedgerLine]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for l in list {
        w.serialize(l)
            .map_err(|e| Error::internal("CSV encoding failed").with_cause(e))?;
    }
    if list.is_empty() {
        w.write_record([
            "time", "domain", "kind", "amount", "article", "years", "iban",
        ])
        .map_err(|e| Error::internal("CSV encoding failed").with_cause(e))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::internal("CSV encoding failed").with_cause(e.into_error()))?;
    String::from_utf8(bytes).map_err(|e| Error::internal("CSV encoding failed").with_cause(e))
}
