//! `ptreg check NAME...`: explains whether names are admissible for a new
//! registration, with every refusal and its article (SPEC §4). Changes
//! nothing.

use serde::Serialize;

use crate::cli::CheckArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::render;
use crate::rules::Refusal;
use crate::rules::names::{self, Syntax};
use crate::store;

/// The verdict on one name (the items of `check --json`).
#[derive(Debug, Serialize)]
struct Verdict {
    /// The name as given.
    name: String,
    /// The full A-label form; null when the name is not composed as Art. 5
    /// requires (it has no A-label then).
    ascii: Option<String>,
    unicode: String,
    hierarchy: &'static str,
    admissible: bool,
    refusals: Vec<Refusal>,
    /// Refused only under articles a registrant with legitimacy may
    /// override (`register --legitimacy`, Art. 8.5 and 7.2).
    overridable: bool,
}

impl Verdict {
    fn new(
        name: String,
        ascii: Option<String>,
        unicode: String,
        hierarchy: &'static str,
        refusals: Vec<Refusal>,
    ) -> Self {
        Verdict {
            name,
            ascii,
            unicode,
            hierarchy,
            admissible: refusals.is_empty(),
            overridable: !refusals.is_empty()
                && refusals
                    .iter()
                    .all(|r| names::overridable_by_legitimacy(r.article)),
            refusals,
        }
    }
}

pub(crate) fn run(args: CheckArgs, ctx: &Ctx) -> Result<()> {
    // A text that is not a .pt name at all is a usage error, reported
    // before anything is checked.
    let mut examined = Vec::with_capacity(args.names.len());
    for input in &args.names {
        match names::examine(input) {
            Syntax::NotPt(why) => return Err(Error::usage(why)),
            syntax => examined.push((input.trim().to_string(), syntax)),
        }
    }
    let mut store = super::open(ctx)?;
    let tx = store.read()?;
    let policy = store::policy::in_force(&tx, ctx.now)?.policy;
    let mut verdicts = Vec::with_capacity(examined.len());
    for (input, syntax) in examined {
        let verdict = match syntax {
            Syntax::Valid(name) => {
                let mut facts = store::lists::facts(&tx, &name)?;
                // Registered means registered at the clock: a name whose
                // grace has ended is free, swept or not (SPEC §6).
                facts.registered = facts.registered
                    && store::domains::live_at(&tx, &name.ascii, ctx.now, &policy)?.is_some();
                let refusals =
                    names::admissibility(&name, &facts, args.manager.as_deref(), &policy);
                Verdict::new(
                    input,
                    Some(name.ascii),
                    name.unicode,
                    name.hierarchy.as_str(),
                    refusals,
                )
            }
            Syntax::Malformed(m) => {
                Verdict::new(input, None, m.shown, m.hierarchy.as_str(), m.refusals)
            }
            Syntax::NotPt(why) => return Err(Error::usage(why)),
        };
        verdicts.push(verdict);
    }
    drop(tx);
    render::emit(ctx, &verdicts, |v| human(v))?;
    let refused: Vec<&Verdict> = verdicts.iter().filter(|v| !v.admissible).collect();
    match refused.first().and_then(|v| v.refusals.first()) {
        None => Ok(()),
        Some(first) => Err(
            Error::refused(first.clone()).with_message(if verdicts.len() == 1 {
                format!("{} is not admissible", refused[0].unicode)
            } else {
                format!(
                    "{} of {} names are not admissible",
                    refused.len(),
                    verdicts.len()
                )
            }),
        ),
    }
}

/// One block per name: the name and its verdict, then each refusal as
/// `[Art. X] reason`.
fn human(verdicts: &[Verdict]) -> String {
    verdicts
        .iter()
        .map(|v| {
            let shown = match &v.ascii {
                Some(ascii) if *ascii != v.unicode => format!("{} ({ascii})", v.unicode),
                _ => v.unicode.clone(),
            };
            let mut block = if v.admissible {
                format!("{shown}: admissible")
            } else {
                format!("{shown}: not admissible")
            };
            for r in &v.refusals {
                block.push_str(&format!("\n  [Art. {}] {}", r.article, r.message));
            }
            if v.overridable {
                block.push_str(
                    "\n  (a registrant with legitimacy may still register it: \
                     register --legitimacy, Art. 8.5)",
                );
            }
            block
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}
