//! Hostile policy files: any text, and hostile edits of the default,
//! give a policy every command can use or an error that says why.

use super::*;
use crate::rules::periods::parse_time;

/// Byte offsets of the ASCII digit runs of `text`: the numbers to mutate.
fn digit_runs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    runs
}

/// One hostile edit of the default policy.
#[derive(Debug, Clone)]
enum Edit {
    Number(usize, String),
    Delete(usize, usize),
    Insert(usize, String),
    SwapLines(usize, usize),
}

fn apply(base: &str, edit: &Edit) -> String {
    let mut text = base.to_string();
    let boundary = |t: &str, mut i: usize| {
        i %= t.len() + 1;
        while !t.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match edit {
        Edit::Number(k, value) => {
            let runs = digit_runs(&text);
            if !runs.is_empty() {
                let (a, b) = runs[k % runs.len()];
                text.replace_range(a..b, value);
            }
        }
        Edit::Delete(at, len) => {
            let a = boundary(&text, *at);
            let b = boundary(&text, a + len);
            text.replace_range(a..b.max(a), "");
        }
        Edit::Insert(at, what) => {
            let a = boundary(&text, *at);
            text.insert_str(a, what);
        }
        Edit::SwapLines(i, j) => {
            let mut lines: Vec<&str> = text.lines().collect();
            let n = lines.len().max(1);
            if lines.len() > 1 {
                lines.swap(i % n, j % n);
            }
            text = lines.join("\n");
        }
    }
    text
}

fn edit() -> impl proptest::strategy::Strategy<Value = Edit> {
    use proptest::prelude::*;
    prop_oneof![
        (
            any::<usize>(),
            prop_oneof![
                any::<u64>().prop_map(|n| n.to_string()),
                any::<i64>().prop_map(|n| n.to_string()),
                any::<f64>().prop_map(|f| f.to_string()),
                "[0-9]{0,30}(\\.[0-9]{0,4})?",
                Just("nan".to_string()),
                Just("inf".to_string()),
            ]
        )
            .prop_map(|(k, v)| Edit::Number(k, v)),
        (any::<usize>(), 0usize..60).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), "\\PC{0,12}|[\\[\\]{}=\"',.\n#-]{1,6}")
            .prop_map(|(a, t)| Edit::Insert(a, t)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::SwapLines(i, j)),
    ]
}

/// Everything a command computes from a policy, at the far ends of time.
fn exercise(p: &Policy) {
    use crate::rules::periods::{checked_years_after, days_after};
    let ends = [
        parse_time("0001-01-01").unwrap(),
        parse_time("2026-03-01").unwrap(),
        parse_time("9999-12-31T23:59:59Z").unwrap(),
    ];
    for t in ends {
        let pp = &p.periods;
        for d in [
            pp.conformity_window,
            pp.proof_deadline,
            pp.opposition,
            pp.cure_notice,
            pp.renewal_grace,
        ]
        .iter()
        .chain(&pp.reminders)
        {
            let _ = days_after(t, *d);
        }
        for years in &p.registration.terms {
            let _ = checked_years_after(t, *years);
            if let Some(c) = p.price_cents(Charge::Register, t) {
                assert!(c.checked_mul(i64::from(*years)).is_some());
            }
        }
        let _ = p.price_cents(Charge::Renew, t);
    }
    assert!(p.registration.terms.contains(&p.default_term()));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Any text at all: a policy or a message, never a panic.
    #[test]
    fn any_text_parses_or_says_why(text in "\\PC{0,400}") {
        if let Err(e) = Policy::parse(&text) {
            proptest::prop_assert!(!e.is_empty());
        }
    }

    /// One to three hostile edits of the default: an error that says
    /// why, or a policy every command can use without overflow.
    #[test]
    fn edited_default_parses_or_says_why(edits in proptest::collection::vec(edit(), 1..4)) {
        let mut text = DEFAULT_TOML.to_string();
        for e in &edits {
            text = apply(&text, e);
        }
        match Policy::parse(&text) {
            Ok(p) => exercise(&p),
            Err(e) => proptest::prop_assert!(!e.is_empty()),
        }
    }
}
