//! Conformity sampling (Art. 8.1): which new names are checked, drawn so that
//! anyone holding the registry file and the seed draws the same sample.
//!
//! The random draw keeps a name when SHA-256(seed bytes ‖ A-label), read as a
//! 256-bit big-endian integer, is below `rate × 2^256`. The threshold is
//! computed exactly from the binary value of the `f64` rate (no rounding), so
//! the draw depends only on the seed, the rate and the set of names: not on
//! row order, the machine or the float unit. `--count N` keeps the N names
//! with the smallest hashes instead.
//!
//! Risk strata are drawn on top of the random sample and always included, each
//! saying why: a name close to a listed one, a registrant's burst of
//! registrations in the window, contact data that fails its checks.

use std::collections::{BTreeMap, HashMap, HashSet};

use sha2::{Digest, Sha256};

/// A registrant with this many registrations or more in the conformity window
/// is a burst (possible hoarding): each of its names in the population is
/// sampled. A person or a small firm registers a handful of names in ten
/// days; ten or more from one holder is unusual enough to check, and rare
/// enough not to swamp the sample. A constant, not a policy key, so that a
/// recorded run never depends on a setting that could change under it.
pub(crate) const BURST_MIN: usize = 10;

/// Listed keys shorter than this are not used for closeness: at three letters
/// or fewer, one edit away from a listed word is most of the dictionary.
pub(crate) const NEAR_MIN_KEY: usize = 4;

/// The longest affix that makes a name "a listed name plus a short affix"
/// (`lisboa1`, `e-porto`, `portugal-pt`).
pub(crate) const MAX_AFFIX: usize = 3;

/// The reason of a name drawn at random.
pub(crate) const RANDOM: &str = "random";

/// Parses a seed given in hex (an even number of hex digits, at least one byte).
pub(crate) fn parse_seed(text: &str) -> Result<Vec<u8>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the seed is empty: give hex digits, e.g. --seed 5eed".into());
    }
    hex::decode(text).map_err(|e| format!("bad seed {text:?}: {e} (expected hex digits)"))
}

/// SHA-256(seed ‖ A-label): the name's position in the draw.
pub(crate) fn score(seed: &[u8], name: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(seed);
    h.update(name.as_bytes());
    h.finalize().into()
}

/// The exact threshold `ceil(rate × 2^256)` as a 256-bit big-endian number,
/// or `None` when every name is kept (rate ≥ 1). A hash `h` is kept when
/// `h < threshold`, which for an integer `h` is the same as `h < rate × 2^256`.
pub(crate) fn threshold(rate: f64) -> Option<[u8; 32]> {
    if rate >= 1.0 {
        return None;
    }
    let mut out = [0u8; 32];
    if rate.is_nan() || rate <= 0.0 {
        return Some(out);
    }
    // rate = mantissa × 2^exp exactly (IEEE 754 binary64, rate is finite here).
    let bits = rate.to_bits();
    let raw_exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mantissa, exp) = if raw_exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), raw_exp - 1075)
    };
    let shift = exp + 256;
    if shift >= 0 {
        // mantissa × 2^shift < 2^256 because rate < 1: set its bits.
        for i in 0..53 {
            if mantissa >> i & 1 == 1 {
                let pos = i + shift;
                out[31 - (pos / 8) as usize] |= 1 << (pos % 8);
            }
        }
    } else {
        // A rate below 2^-203: the threshold is ceil(mantissa / 2^-shift),
        // which is at most 2^53 and at least 1.
        let s = -shift;
        let value = if s >= 64 {
            1
        } else {
            let unit = 1u64 << s;
            mantissa / unit + u64::from(mantissa % unit != 0)
        };
        out[24..].copy_from_slice(&value.to_be_bytes());
    }
    Some(out)
}

/// The names kept at `rate`, sorted.
pub(crate) fn draw_rate<'a>(seed: &[u8], rate: f64, population: &[&'a str]) -> Vec<&'a str> {
    let limit = threshold(rate);
    let mut kept: Vec<&str> = population
        .iter()
        .copied()
        .filter(|name| limit.is_none_or(|t| score(seed, name) < t))
        .collect();
    kept.sort_unstable();
    kept.dedup();
    kept
}

/// The `count` names with the smallest scores (ties by name), sorted by name.
pub(crate) fn draw_count<'a>(seed: &[u8], count: usize, population: &[&'a str]) -> Vec<&'a str> {
    let mut scored: Vec<([u8; 32], &str)> =
        population.iter().map(|n| (score(seed, n), *n)).collect();
    scored.sort_unstable();
    scored.dedup();
    let mut kept: Vec<&str> = scored.into_iter().take(count).map(|(_, n)| n).collect();
    kept.sort_unstable();
    kept
}

/// SHA-256 over the population's A-labels, sorted bytewise, each followed by
/// a newline: a name for the exact set that was sampled.
pub(crate) fn population_digest(population: &[&str]) -> String {
    let mut sorted: Vec<&str> = population.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut h = Sha256::new();
    for name in sorted {
        h.update(name.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// Listed names indexed for closeness: each folded key, and each of its
/// one-character deletions with the position deleted.
pub(crate) struct NearIndex {
    keys: HashMap<String, String>,
    deletions: HashMap<String, Vec<(usize, String)>>,
}

impl NearIndex {
    /// Indexes `(folded key, listed name as shown)` pairs; short keys are left out.
    pub(crate) fn new<'a>(listed: impl IntoIterator<Item = (&'a str, &'a str)>) -> NearIndex {
        let mut keys = HashMap::new();
        let mut deletions: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        for (key, shown) in listed {
            let chars: Vec<char> = key.chars().collect();
            if chars.len() < NEAR_MIN_KEY {
                continue;
            }
            keys.insert(key.to_string(), shown.to_string());
            for i in 0..chars.len() {
                deletions
                    .entry(without(&chars, i))
                    .or_default()
                    .push((i, key.to_string()));
            }
        }
        NearIndex { keys, deletions }
    }

    /// Why a name (as its folded key) is close to a listed one, or `None`.
    /// An exact match is not "close": the admissibility rules decided it.
    pub(crate) fn near(&self, key: &str) -> Option<String> {
        if self.keys.contains_key(key) {
            return None;
        }
        let chars: Vec<char> = key.chars().collect();
        let mut hits: Vec<(&str, &str)> = Vec::new();
        // One character deleted from the listed key gives the name.
        if let Some(list) = self.deletions.get(key) {
            hits.extend(list.iter().map(|(_, k)| (k.as_str(), "edit distance 1")));
        }
        for i in 0..chars.len() {
            let d = without(&chars, i);
            // One character added to the listed key gives the name.
            if let Some(k) = self.keys.get_key_value(&d).map(|(k, _)| k) {
                hits.push((k, "edit distance 1"));
            }
            // One character replaced, at the same position.
            if let Some(list) = self.deletions.get(&d) {
                hits.extend(
                    list.iter()
                        .filter(|(pos, k)| *pos == i && k.chars().count() == chars.len())
                        .map(|(_, k)| (k.as_str(), "edit distance 1")),
                );
            }
        }
        for a in 1..=MAX_AFFIX.min(chars.len().saturating_sub(1)) {
            let rest: String = chars[a..].iter().collect();
            if let Some(k) = self.keys.get_key_value(&rest).map(|(k, _)| k) {
                hits.push((k, "listed name plus a short affix"));
            }
            let rest: String = chars[..chars.len() - a].iter().collect();
            if let Some(k) = self.keys.get_key_value(&rest).map(|(k, _)| k) {
                hits.push((k, "listed name plus a short affix"));
            }
        }
        // The first by listed key, so the reason does not depend on map order.
        hits.sort_unstable();
        hits.first().map(|(k, how)| {
            let shown = self.keys.get(*k).map_or(*k, String::as_str);
            format!("close to listed name {shown:?} ({how})")
        })
    }
}

fn without(chars: &[char], i: usize) -> String {
    chars
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, c)| c)
        .collect()
}

/// The registrants with a burst: `BURST_MIN` or more registrations in the
/// window. `registrations` is every registration created in the window (any
/// state), as its registrant id. Returns registrant → count.
pub(crate) fn bursts<'a>(
    registrations: impl IntoIterator<Item = &'a str>,
) -> BTreeMap<&'a str, usize> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in registrations {
        *counts.entry(r).or_default() += 1;
    }
    counts.retain(|_, n| *n >= BURST_MIN);
    counts
}

/// The reason given to a name of a bursting registrant.
pub(crate) fn burst_reason(registrant: &str, count: usize) -> String {
    format!("registration burst: registrant {registrant} registered {count} names in the window")
}

/// The reason given to a name whose contact data fails its checks.
pub(crate) fn contact_reason(role: &str, contact: &str, problems: &[String]) -> String {
    format!(
        "{role} contact {contact} fails its checks: {}",
        problems.join("; ")
    )
}

/// One name of a population, with what the strata look at.
pub(crate) struct Candidate<'a> {
    /// A-label with hierarchy: the name hashed and recorded.
    pub(crate) name: &'a str,
    /// The folded key of the name's first label, for closeness.
    pub(crate) key: String,
    pub(crate) registrant: &'a str,
    /// Why its contact data fails, if it does.
    pub(crate) contact_problem: Option<String>,
}

/// How many names to draw at random.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Size {
    Rate(f64),
    Count(usize),
}

/// A selected name and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub(crate) struct Selected {
    pub(crate) name: String,
    pub(crate) reason: String,
}

/// The whole selection: the random draw plus every risk, sorted by name. A
/// name that is both random and risky gives its risk as the reason (the more
/// useful one to the person checking it). `window` is every registration
/// created in the window, as registrant ids, for the burst stratum.
pub(crate) fn select<'a>(
    seed: &[u8],
    size: Size,
    population: &[Candidate<'a>],
    window: impl IntoIterator<Item = &'a str>,
    near: &NearIndex,
) -> Vec<Selected> {
    let names: Vec<&str> = population.iter().map(|c| c.name).collect();
    let random: HashSet<&str> = match size {
        Size::Rate(rate) => draw_rate(seed, rate, &names),
        Size::Count(n) => draw_count(seed, n, &names),
    }
    .into_iter()
    .collect();
    let bursts = bursts(window);
    let mut out: Vec<Selected> = population
        .iter()
        .filter_map(|c| {
            let reason = near
                .near(&c.key)
                .or_else(|| {
                    bursts
                        .get(c.registrant)
                        .map(|n| burst_reason(c.registrant, *n))
                })
                .or_else(|| c.contact_problem.clone())
                .or_else(|| random.contains(c.name).then(|| RANDOM.to_string()))?;
            Some(Selected {
                name: c.name.to_string(),
                reason,
            })
        })
        .collect();
    out.sort_unstable();
    out.dedup_by(|a, b| a.name == b.name);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(t: &[u8; 32]) -> String {
        hex::encode(t)
    }

    #[test]
    fn thresholds_are_exact() {
        let cases: &[(f64, &str)] = &[
            (0.0, "00"),
            (0.5, "80"),
            (0.25, "40"),
            (0.75, "c0"),
            (0.05, "0ccccccccccccd"),
        ];
        for (rate, prefix) in cases {
            let t = threshold(*rate).unwrap();
            assert!(int(&t).starts_with(prefix), "{rate}: {}", int(&t));
        }
        // 0.5 is exactly 2^255: one bit.
        let half = threshold(0.5).unwrap();
        assert_eq!(half[0], 0x80);
        assert!(half[1..].iter().all(|b| *b == 0));
        // 0.05 = 0x1.999999999999ap-5: 53 bits from bit 251 down, then zeros.
        assert_eq!(
            int(&threshold(0.05).unwrap()),
            "0ccccccccccccd00000000000000000000000000000000000000000000000000"
        );
        assert_eq!(threshold(1.0), None);
        assert_eq!(threshold(2.0), None);
        assert_eq!(threshold(-1.0), Some([0; 32]));
        assert_eq!(threshold(f64::NAN), Some([0; 32]));
        // The smallest positive rate still keeps hash 0 only.
        let tiny = threshold(f64::from_bits(1)).unwrap();
        assert_eq!(int(&tiny), format!("{}01", "0".repeat(62)));
        // 2^-256 exactly: threshold 1.
        let t = threshold(2f64.powi(-256)).unwrap();
        assert_eq!(int(&t), format!("{}01", "0".repeat(62)));
        // 3 × 2^-258 = 0.75: ceil is 1.
        let t = threshold(3.0 * 2f64.powi(-258)).unwrap();
        assert_eq!(int(&t), format!("{}01", "0".repeat(62)));
        // 5 × 2^-257 = 2.5: ceil is 3.
        let t = threshold(5.0 * 2f64.powi(-257)).unwrap();
        assert_eq!(int(&t), format!("{}03", "0".repeat(62)));
    }

    #[test]
    fn seeds_parse_as_hex() {
        assert_eq!(parse_seed("5eed").unwrap(), vec![0x5e, 0xed]);
        assert_eq!(parse_seed(" 00FF ").unwrap(), vec![0, 255]);
        assert!(parse_seed("").is_err());
        assert!(parse_seed("abc").is_err());
        assert!(parse_seed("zz").is_err());
    }

    #[test]
    fn score_is_sha256_of_seed_then_name() {
        // sha256("abc") with seed "a" and name "bc".
        assert_eq!(
            hex::encode(score(b"a", "bc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn draw_does_not_depend_on_order() {
        let names: Vec<String> = (0..500).map(|i| format!("n{i}.pt")).collect();
        let a: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut b = a.clone();
        b.reverse();
        assert_eq!(draw_rate(b"s", 0.1, &a), draw_rate(b"s", 0.1, &b));
        assert_eq!(draw_count(b"s", 7, &a), draw_count(b"s", 7, &b));
        assert_eq!(draw_count(b"s", 7, &a).len(), 7);
        assert_eq!(draw_count(b"s", 900, &a).len(), 500);
        assert_eq!(draw_rate(b"s", 1.0, &a).len(), 500);
        assert!(draw_rate(b"s", 0.0, &a).is_empty());
        assert_ne!(draw_rate(b"s", 0.1, &a), draw_rate(b"t", 0.1, &a));
        assert_eq!(population_digest(&a), population_digest(&b));
    }

    #[test]
    fn count_keeps_the_smallest_scores() {
        let names = ["a.pt", "b.pt", "c.pt", "d.pt", "e.pt"];
        let mut by_score: Vec<_> = names.iter().map(|n| (score(b"x", n), *n)).collect();
        by_score.sort();
        let mut want: Vec<&str> = by_score[..2].iter().map(|(_, n)| *n).collect();
        want.sort();
        assert_eq!(draw_count(b"x", 2, &names), want);
        // Rate and count agree: a name kept at a rate is below every one dropped.
        let kept = draw_rate(b"x", 0.5, &names);
        for n in names {
            assert_eq!(kept.contains(&n), score(b"x", n)[0] < 0x80);
        }
    }

    #[test]
    fn digest_is_over_sorted_names() {
        // sha256("a.pt\nb.pt\n")
        let mut h = Sha256::new();
        h.update(b"a.pt\nb.pt\n");
        assert_eq!(
            population_digest(&["b.pt", "a.pt"]),
            hex::encode(h.finalize())
        );
    }

    #[test]
    fn closeness_to_listed_names() {
        let idx = NearIndex::new([
            ("lisboa", "Lisboa"),
            ("porto", "Porto"),
            ("sul", "Sul"),
            ("portugal", "Portugal"),
        ]);
        let cases: &[(&str, Option<&str>)] = &[
            ("lisboa", None),                     // exact: decided by Art. 6/7
            ("lisbo", Some("edit distance 1")),   // deletion
            ("lisboaa", Some("edit distance 1")), // insertion
            ("lixboa", Some("edit distance 1")),  // substitution
            ("lisboa1", Some("edit distance 1")), // one-char affix is also distance 1
            ("eporto", Some("edit distance 1")),  // e-porto folded
            ("myporto", Some("short affix")),     // prefix of 2
            ("portoabc", Some("short affix")),    // suffix of 3
            ("portoabcd", None),                  // affix of 4
            ("lsboaa", None),                     // distance 2
            ("slisboa2", None),                   // affix on both ends
            ("sula", None),                       // short listed key ignored
            ("portugalpt", Some("short affix")),
            ("pxrtx", None),
        ];
        for (key, want) in cases {
            let got = idx.near(key);
            match want {
                None => assert_eq!(got, None, "{key}"),
                Some(w) => assert!(
                    got.as_deref().is_some_and(|g| g.contains(w)),
                    "{key}: {got:?}"
                ),
            }
        }
        assert_eq!(
            idx.near("lisbon").as_deref(),
            Some("close to listed name \"Lisboa\" (edit distance 1)")
        );
    }

    #[test]
    fn bursts_from_the_window() {
        let mut window = vec!["A"; BURST_MIN];
        window.extend(vec!["B"; BURST_MIN - 1]);
        let b = bursts(window);
        assert_eq!(b.get("A"), Some(&BURST_MIN));
        assert_eq!(b.get("B"), None);
    }

    #[test]
    fn selection_adds_every_risk_and_says_why() {
        let idx = NearIndex::new([("lisboa", "Lisboa")]);
        let mut pop = Vec::new();
        let names: Vec<String> = (0..40).map(|i| format!("name{i}.pt")).collect();
        for n in &names {
            pop.push(Candidate {
                name: n,
                key: n.trim_end_matches(".pt").to_string(),
                registrant: "P",
                contact_problem: None,
            });
        }
        pop.push(Candidate {
            name: "lisboa1.pt",
            key: "lisboa1".into(),
            registrant: "Q",
            contact_problem: None,
        });
        pop.push(Candidate {
            name: "bad.pt",
            key: "bad".into(),
            registrant: "R",
            contact_problem: Some("registrant contact R fails its checks: bad e-mail".into()),
        });
        let window = vec!["Q"; 1];
        let sel = select(b"s", Size::Count(0), &pop, window.clone(), &idx);
        assert_eq!(
            sel.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            vec!["bad.pt", "lisboa1.pt"]
        );
        assert!(sel[0].reason.contains("bad e-mail"));
        assert!(sel[1].reason.contains("Lisboa"));
        // P has 40 names in the window: a burst, every one selected.
        let window: Vec<&str> = pop.iter().map(|c| c.registrant).collect();
        let sel = select(b"s", Size::Count(0), &pop, window, &idx);
        assert_eq!(sel.len(), 42);
        assert!(sel.iter().any(|s| {
            s.reason
                .starts_with("registration burst: registrant P registered 40")
        }));
        // Random ones say so.
        let sel = select(b"s", Size::Count(3), &pop, vec![], &idx);
        assert_eq!(sel.iter().filter(|s| s.reason == RANDOM).count(), 3);
    }
}
