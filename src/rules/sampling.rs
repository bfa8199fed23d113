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
//! Risk strata come on top of the random sample, each name saying why: a name
//! close to a listed one (stratum `near`), a registrant's burst of
//! registrations in the window (one stratum `burst:ID` per registrant),
//! contact data that fails its checks (`contact`). A stratum never swallows
//! the sample: all strata together add at most a cap (the policy's
//! `risk_share` of the random sample's expected size, rounded up: see
//! [`risk_cap`]), shared among them one name at a time in turns (the order
//! of turns drawn from the seed), each stratum giving its names with the
//! smallest SHA-256(seed ‖ A-label) first. So a registrant with a hundred
//! new names gives a few cases, not a hundred, and anyone with the seed
//! draws the same ones.

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

/// Which names of a population are close to a listed name, and why.
///
/// The population is indexed (each name's folded key, its one-character
/// deletions with the position deleted, and its short-affix trims) and the
/// listed keys are read once against it: a population is a few thousand
/// names, while the lists hold tens of thousands of keys (every country in
/// every language, the parishes), so indexing the lists instead would cost
/// every run far more than it reads.
pub(crate) struct NearIndex {
    reasons: HashMap<String, String>,
}

/// The maps of the index: hashed with foldhash, several times faster than
/// the default on these short keys (the order of a map is never read).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The closest listed key found so far for one name: (listed key, how, shown).
type Hit = (String, &'static str, String);

const EDIT: &str = "edit distance 1";
const AFFIX: &str = "listed name plus a short affix";

impl NearIndex {
    /// Reads `(folded key, listed name as shown)` pairs (short keys are left
    /// out) against the population's folded `names`.
    pub(crate) fn new<'a>(
        listed: impl IntoIterator<Item = (&'a str, &'a str)>,
        names: impl IntoIterator<Item = &'a str>,
    ) -> NearIndex {
        let mut index: FastMap<&str, usize> = FastMap::default();
        let mut order: Vec<(&str, usize)> = Vec::new();
        for name in names {
            if !index.contains_key(name) {
                index.insert(name, order.len());
                order.push((name, name.chars().count()));
            }
        }
        let mut deletions: FastMap<String, Vec<(usize, usize)>> = FastMap::default();
        let mut trims: FastMap<String, Vec<usize>> = FastMap::default();
        for (n, (name, _)) in order.iter().enumerate() {
            let chars: Vec<char> = name.chars().collect();
            for i in 0..chars.len() {
                deletions
                    .entry(without(&chars, i))
                    .or_default()
                    .push((i, n));
            }
            for a in 1..=MAX_AFFIX.min(chars.len().saturating_sub(1)) {
                trims
                    .entry(chars[a..].iter().collect())
                    .or_default()
                    .push(n);
                trims
                    .entry(chars[..chars.len() - a].iter().collect())
                    .or_default()
                    .push(n);
            }
        }
        let mut best: Vec<Option<Hit>> = vec![None; order.len()];
        let mut exact = vec![false; order.len()];
        let mut hit = |n: usize, key: &str, how: &'static str, shown: &str| {
            let better = match &best[n] {
                None => true,
                Some((k, h, _)) => (key, how) < (k.as_str(), *h),
            };
            if better {
                best[n] = Some((key.to_string(), how, shown.to_string()));
            }
        };
        let mut buf = String::new();
        let mut chars: Vec<char> = Vec::new();
        for (key, shown) in listed {
            chars.clear();
            chars.extend(key.chars());
            if chars.len() < NEAR_MIN_KEY {
                continue;
            }
            if let Some(&n) = index.get(key) {
                // An exact match is not "close": the admissibility rules
                // decided it.
                exact[n] = true;
            }
            for i in 0..chars.len() {
                buf.clear();
                buf.extend(chars[..i].iter().chain(&chars[i + 1..]));
                // One character deleted from the listed key gives the name.
                if let Some(&n) = index.get(buf.as_str()) {
                    hit(n, key, EDIT, shown);
                }
                // One character replaced, at the same position.
                for &(pos, n) in deletions.get(buf.as_str()).into_iter().flatten() {
                    if pos == i && order[n].1 == chars.len() {
                        hit(n, key, EDIT, shown);
                    }
                }
            }
            // One character added to the listed key gives the name.
            for &(_, n) in deletions.get(key).into_iter().flatten() {
                hit(n, key, EDIT, shown);
            }
            for &n in trims.get(key).into_iter().flatten() {
                hit(n, key, AFFIX, shown);
            }
        }
        let reasons = order
            .iter()
            .zip(best)
            .zip(exact)
            .filter_map(|(((name, _), found), exact)| {
                let (_, how, shown) = found.filter(|_| !exact)?;
                Some((
                    name.to_string(),
                    format!("close to listed name {shown:?} ({how})"),
                ))
            })
            .collect();
        NearIndex { reasons }
    }

    /// Why a name of the population (as its folded key) is close to a listed
    /// one, or `None`; the first listed key (in key order) that is close
    /// names the reason, so it does not depend on the order of the lists.
    pub(crate) fn near(&self, key: &str) -> Option<String> {
        self.reasons.get(key).cloned()
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

/// A selected name, why, and which stratum chose it: `random` (the draw),
/// `near`, `burst:REGISTRANT` or `contact`. Runs recorded before strata were
/// capped have no stratum.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub(crate) struct Selected {
    pub(crate) name: String,
    pub(crate) reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) stratum: Option<String>,
}

/// The stratum of the random draw.
pub(crate) const RANDOM_STRATUM: &str = "random";

/// `⌈a × b × n⌉` for `a`, `b` in `[0, 1]`, computed on the decimals the
/// values are written with (`0.05` is five hundredths, not the binary
/// number nearest to it), so `0.5 × 0.05 × 200` is exactly 5 and no float
/// rounding adds or drops a name.
pub(crate) fn ceil_product(a: f64, b: f64, n: u64) -> u64 {
    /// The shortest decimal that reads back as `x`: digits and places.
    fn decimal(x: f64) -> Option<(u128, u32)> {
        if !x.is_finite() || x <= 0.0 {
            return Some((0, 0));
        }
        let text = format!("{}", x.min(1.0));
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let places = u32::try_from(frac.len()).ok()?;
        let digits: u128 = format!("{whole}{frac}").parse().ok()?;
        Some((digits, places))
    }
    let (Some((da, pa)), Some((db, pb))) = (decimal(a), decimal(b)) else {
        return 0;
    };
    let exact = da
        .checked_mul(db)
        .and_then(|m| m.checked_mul(u128::from(n)))
        .zip(10u128.checked_pow(pa + pb));
    match exact {
        Some((m, unit)) => {
            let q = m / unit + u128::from(m % unit != 0);
            u64::try_from(q).unwrap_or(u64::MAX)
        }
        // Values with more decimals than fit: the float product is as
        // close as anything here.
        None => (a * b * n as f64).ceil().max(0.0) as u64,
    }
}

/// How many names the risk strata may add at most, all together: with
/// `--rate R`, `⌈risk_share × R × population⌉`; with `--count N`,
/// `⌈risk_share × N⌉`.
pub(crate) fn risk_cap(size: Size, risk_share: f64, population: usize) -> usize {
    let cap = match size {
        Size::Rate(rate) => ceil_product(risk_share, rate, population as u64),
        Size::Count(n) => ceil_product(risk_share, 1.0, n as u64),
    };
    usize::try_from(cap).unwrap_or(usize::MAX)
}

/// A risky name waiting in its stratum: its score, A-label and reason.
type Risky<'a> = ([u8; 32], &'a str, String);

/// The whole selection, sorted by name: the random draw plus the risk
/// strata, at most `cap` names from the strata together (`None`: every
/// risky name, as runs did before the cap). A name that is both random and
/// risky gives its risk as the reason (the more useful one to the person
/// checking it) and counts as random. `window` is every registration
/// created in the window, as registrant ids, for the burst strata.
pub(crate) fn select<'a>(
    seed: &[u8],
    size: Size,
    population: &[Candidate<'a>],
    window: impl IntoIterator<Item = &'a str>,
    near: &NearIndex,
    cap: Option<usize>,
) -> Vec<Selected> {
    let names: Vec<&str> = population.iter().map(|c| c.name).collect();
    let random: HashSet<&str> = match size {
        Size::Rate(rate) => draw_rate(seed, rate, &names),
        Size::Count(n) => draw_count(seed, n, &names),
    }
    .into_iter()
    .collect();
    let bursts = bursts(window);
    let mut out: Vec<Selected> = Vec::new();
    // stratum → its risky names not drawn at random: (score, name, reason)
    let mut strata: BTreeMap<String, Vec<Risky<'_>>> = BTreeMap::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for c in population {
        if !seen.insert(c.name) {
            continue;
        }
        let risk = near
            .near(&c.key)
            .map(|r| ("near".to_string(), r))
            .or_else(|| {
                bursts.get(c.registrant).map(|n| {
                    (
                        format!("burst:{}", c.registrant),
                        burst_reason(c.registrant, *n),
                    )
                })
            })
            .or_else(|| {
                c.contact_problem
                    .clone()
                    .map(|r| ("contact".to_string(), r))
            });
        if random.contains(c.name) {
            out.push(Selected {
                name: c.name.to_string(),
                reason: risk.map_or_else(|| RANDOM.to_string(), |(_, r)| r),
                stratum: Some(RANDOM_STRATUM.to_string()),
            });
        } else if let Some((stratum, reason)) = risk {
            strata
                .entry(stratum)
                .or_default()
                .push((score(seed, c.name), c.name, reason));
        }
    }
    // Each stratum's names, smallest score first; the strata take turns,
    // in the order of SHA-256(seed ‖ stratum), until the cap is reached.
    let mut turns: Vec<([u8; 32], String, std::vec::IntoIter<Risky<'_>>)> = strata
        .into_iter()
        .map(|(stratum, mut names)| {
            names.sort_unstable();
            (score(seed, &stratum), stratum, names.into_iter())
        })
        .collect();
    turns.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut left = cap.unwrap_or(usize::MAX);
    while left > 0 {
        let mut took = false;
        for (_, stratum, names) in turns.iter_mut() {
            if left == 0 {
                break;
            }
            if let Some((_, name, reason)) = names.next() {
                out.push(Selected {
                    name: name.to_string(),
                    reason,
                    stratum: Some(stratum.clone()),
                });
                left -= 1;
                took = true;
            }
        }
        if !took {
            break;
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests;
