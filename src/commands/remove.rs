//! `ptreg remove NAME --by registrant|manager|registry`: removals of
//! Art. 21 (at once by the registrant; after 8 days unopposed by the managing
//! entity) and Art. 22 (by the registry on a paragraph of 22.1, given with
//! the global `--reason`: a, d, e at once; b, c after an 8-day notice).

use serde_json::json;

use super::lifecycle::run_change;
use crate::cli::{RemoveArgs, RemovedBy};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::rules::lifecycle::removal::{self, Ground};
use crate::store;

pub(crate) fn run(args: RemoveArgs, ctx: &Ctx) -> Result<()> {
    let ground = match args.by {
        RemovedBy::Registry => {
            let letter = ctx.reason.as_deref().unwrap_or("");
            Some(Ground::parse(letter).ok_or_else(|| {
                Error::usage(
                    "remove --by registry needs --reason a|b|c|d|e: the paragraph of Art. 22.1 \
                     it applies",
                )
                .with_hint("give the full grounds with --grounds TEXT")
            })?)
        }
        _ => {
            if args.grounds.is_some() {
                return Err(Error::usage(
                    "--grounds is for removals by the registry (--by registry)",
                ));
            }
            None
        }
    };
    let by = match args.by {
        RemovedBy::Registrant => "registrant",
        RemovedBy::Manager => "manager",
        RemovedBy::Registry => "registry",
    };
    let inputs = json!({
        "name": args.name,
        "by": by,
        "paragraph": ground.map(Ground::letter),
        "grounds": args.grounds,
    });
    run_change(
        ctx,
        crate::journal::Kind::Remove,
        &args.name,
        inputs,
        |conn, d, p| {
            let policy = &p.policy;
            Ok(match ground {
                None if args.by == RemovedBy::Registrant => {
                    removal::by_registrant(d, ctx.now, policy)?
                }
                None => removal::by_manager(d, ctx.now, policy)?,
                Some(g) => {
                    // Art. 22.1.b turns on whether the registrant is a legal person.
                    let kind = store::contacts::get_contact(conn, &d.registrant)?.kind;
                    removal::by_registry(d, g, args.grounds.as_deref(), kind, ctx.now, policy)?
                }
            })
        },
    )
}
