//! `ptreg check NAME...`: explains whether names are admissible for a new
//! registration, with every refusal and its article, and every list entry
//! the name matched (what it names, in which languages, from which
//! source). Changes nothing.

use crate::cli::CheckArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::ops;
use crate::ops::names::Verdict;
use crate::render;
use crate::store;

/// The names to check: the arguments, then the lines of `--file`.
fn inputs(args: &CheckArgs) -> Result<Vec<String>> {
    let mut names: Vec<String> = args.names.iter().map(|n| n.trim().to_string()).collect();
    if let Some(path) = &args.file {
        let bytes = super::read_input(path, super::LIST_LIMIT)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::usage(format!("{} is not UTF-8", path.display())))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        names.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }
    Ok(names)
}

pub(crate) fn run(args: CheckArgs, ctx: &Ctx) -> Result<()> {
    let names_given = inputs(&args)?;
    let mut store = super::open(ctx)?;
    let tx = store.read()?;
    let policy = store::policy::in_force(&tx, ctx.now)?.policy;
    let mut verdicts = Vec::with_capacity(names_given.len());
    for input in names_given {
        let verdict = ops::names::judge(&tx, input, args.manager.as_deref(), &policy, ctx.now)?;
        verdicts.push(verdict);
    }
    drop(tx);
    render::emit(ctx, &verdicts, |v| human(v))?;
    outcome(&verdicts)
}

/// The exit status: 2 when a text is not a name under .pt, else 3 when a
/// name is refused (naming the first refusal's article), else 0.
fn outcome(verdicts: &[Verdict]) -> Result<()> {
    let of = |n: usize| {
        if verdicts.len() == 1 {
            String::new()
        } else {
            format!("{n} of {} ", verdicts.len())
        }
    };
    let not_pt: Vec<&Verdict> = verdicts.iter().filter(|v| v.not_pt.is_some()).collect();
    if let Some(first) = not_pt.first() {
        return Err(Error::usage(if verdicts.len() == 1 {
            first.not_pt.clone().unwrap_or_default()
        } else {
            format!("{}texts are not names under .pt", of(not_pt.len()))
        }));
    }
    let refused: Vec<&Verdict> = verdicts.iter().filter(|v| !v.admissible).collect();
    match refused.first().and_then(|v| v.refusals.first()) {
        None => Ok(()),
        Some(first) => Err(
            Error::refused(first.clone()).with_message(if verdicts.len() == 1 {
                format!("{} is not admissible", refused[0].unicode)
            } else {
                format!("{}names are not admissible", of(refused.len()))
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
            let mut block = match (&v.not_pt, v.admissible) {
                (Some(why), _) => format!("{shown}: not a name under .pt\n  {why}"),
                (None, true) => format!("{shown}: admissible"),
                (None, false) => format!("{shown}: not admissible"),
            };
            for r in &v.refusals {
                block.push_str(&format!("\n  [Art. {}] {}", r.article, r.message));
            }
            // An admissible name's matches (a geographic name under .com.pt)
            // are in the JSON; the text explains refusals.
            if !v.admissible && !v.matches.is_empty() {
                block.push_str("\n  matched:");
                for m in &v.matches {
                    block.push_str(&format!(
                        "\n    {} [Art. {}] {} (source: {})",
                        m.entry.list,
                        m.entry.list.article(),
                        m.describe(),
                        m.entry.source
                    ));
                }
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
