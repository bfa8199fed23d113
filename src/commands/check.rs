//! `ptreg check NAME...`: explains whether names are admissible for a new
//! registration, with every refusal and its article, and every list entry
//! the name matched (what it names, in which languages, from which
//! source). Changes nothing.

use serde::Serialize;

use crate::cli::CheckArgs;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::render;
use crate::rules::Refusal;
use crate::rules::lists::Match;
use crate::rules::names::{self, Syntax};
use crate::rules::periods::Time;
use crate::rules::policy::Policy;
use crate::store;

/// The verdict on one name (the items of `check --json`).
#[derive(Debug, Serialize)]
pub(crate) struct Verdict {
    /// The name as given.
    name: String,
    /// The full A-label form; null when the name is not composed as Art. 5
    /// requires, or not under .pt (it has no A-label then).
    pub(crate) ascii: Option<String>,
    unicode: String,
    /// Null for a text that is not a name under .pt.
    hierarchy: Option<&'static str>,
    admissible: bool,
    pub(crate) refusals: Vec<Refusal>,
    /// Every list entry the name matches, with what it names, its languages,
    /// its source and, for an inflected form, which form (Art. 6.1.b).
    matches: Vec<Match>,
    /// Refused only under articles a registrant with legitimacy may
    /// override (`register --legitimacy`, Art. 8.5 and 7.2).
    overridable: bool,
    /// Why the text is not a name under .pt (then nothing was checked);
    /// absent for a name under .pt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) not_pt: Option<String>,
}

impl Verdict {
    fn new(
        name: String,
        ascii: Option<String>,
        unicode: String,
        hierarchy: &'static str,
        refusals: Vec<Refusal>,
        matches: Vec<Match>,
    ) -> Self {
        Verdict {
            matches,
            name,
            ascii,
            unicode,
            hierarchy: Some(hierarchy),
            admissible: refusals.is_empty(),
            overridable: !refusals.is_empty()
                && refusals
                    .iter()
                    .all(|r| names::overridable_by_legitimacy(r.article)),
            refusals,
            not_pt: None,
        }
    }

    fn not_pt(name: String, why: String) -> Self {
        Verdict {
            unicode: name.clone(),
            name,
            ascii: None,
            hierarchy: None,
            admissible: false,
            refusals: Vec::new(),
            matches: Vec::new(),
            overridable: false,
            not_pt: Some(why),
        }
    }
}

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
        let verdict = judge(&tx, input, args.manager.as_deref(), &policy, ctx.now)?;
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

/// The verdict on one text under the policy in force, for a registration
/// by `manager` (`None`: self-managed): every face that checks a name
/// (`ptreg check`, EPP `domain:check`) asks this.
pub(crate) fn judge(
    conn: &rusqlite::Connection,
    input: String,
    manager: Option<&str>,
    policy: &Policy,
    now: Time,
) -> Result<Verdict> {
    Ok(match names::examine(&input) {
        Syntax::Valid(name) => {
            let mut facts = store::lists::facts(conn, &name)?;
            // Registered means registered at the clock: a name whose
            // grace has ended is free, swept or not.
            facts.registered = facts.registered
                && store::domains::live_at(conn, &name.ascii, now, policy)?.is_some();
            let refusals = names::admissibility(&name, &facts, manager, policy);
            Verdict::new(
                input,
                Some(name.ascii),
                name.unicode,
                name.hierarchy.as_str(),
                refusals,
                facts.listed,
            )
        }
        Syntax::Malformed(m) => Verdict::new(
            input,
            None,
            m.shown,
            m.hierarchy.as_str(),
            m.refusals,
            Vec::new(),
        ),
        Syntax::NotPt(why) => Verdict::not_pt(input, why),
    })
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
