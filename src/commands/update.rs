//! `ptreg update NAME [--ns ...|--no-ns] [--ds ...|--no-ds] [--tech C]`:
//! technical changes (Art. 16) and the technical contact (Art. 15.4). The
//! state follows the nameserver count (Art. 16.3); changing every
//! nameserver while DS records remain is warned about on stderr (the rules
//! return the warning; `run_change` prints it).

use serde_json::json;

use super::lifecycle::run_change;
use crate::cli::UpdateArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::rules::lifecycle::Outcome;
use crate::rules::lifecycle::changes::{self, TechnicalChange};
use crate::rules::technical;
use crate::store::contacts;

pub(crate) fn run(args: UpdateArgs, ctx: &Ctx) -> Result<()> {
    if args.nameservers.is_empty()
        && !args.no_ns
        && args.ds.is_empty()
        && !args.no_ds
        && args.tech.is_none()
    {
        return Err(Error::usage(
            "nothing to change: give --ns, --no-ns, --ds, --no-ds or --tech",
        ));
    }
    let inputs = json!({
        "name": args.name,
        "nameservers": (!args.nameservers.is_empty()).then_some(&args.nameservers),
        "no_ns": args.no_ns,
        "ds": (!args.ds.is_empty()).then_some(&args.ds),
        "no_ds": args.no_ds,
        "tech": args.tech,
    });
    run_change(
        ctx,
        crate::journal::Kind::Update,
        &args.name,
        inputs,
        |conn, d, p| {
            let nameservers = if args.no_ns {
                Some(Vec::new())
            } else if args.nameservers.is_empty() {
                None
            } else {
                let given = technical::parse_nameservers(&args.nameservers, &d.name)
                    .map_err(Error::usage)?;
                let names = technical::names_to_resolve(&given);
                let delegated =
                    crate::store::domains::delegated_among(conn, &names, ctx.now, &p.policy)?;
                technical::check_resolvable(&d.name, &given, &delegated, &p.policy.zone)
                    .map_err(Error::usage)?;
                Some(given)
            };
            let ds = if args.no_ds {
                Some(Vec::new())
            } else if args.ds.is_empty() {
                None
            } else {
                Some(technical::parse_ds_records(&args.ds).map_err(Error::usage)?)
            };
            let ns_count = nameservers.as_ref().map_or(d.nameservers.len(), Vec::len);
            let ds_count = ds.as_ref().map_or(d.ds.len(), Vec::len);
            technical::check_ds_needs_nameservers(ns_count, ds_count)
                .map_err(|e| Error::usage(e).with_hint("give --no-ds to drop the DS records"))?;
            let tech = match &args.tech {
                Some(id) => Some(contacts::get_party(conn, id)?.id),
                None => None,
            };
            let change = TechnicalChange {
                nameservers,
                ds,
                tech,
            };
            let updated = changes::update_technical(d, &change, ctx.now, &p.policy)?;
            Ok(Outcome {
                warnings: updated.warnings,
                ..updated.outcome
            })
        },
    )
}
