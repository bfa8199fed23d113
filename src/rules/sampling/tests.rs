//! Unit tests of the draw, its threshold, closeness and the strata.

use proptest::prelude::*;

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
    let listed = [
        ("lisboa", "Lisboa"),
        ("porto", "Porto"),
        ("sul", "Sul"),
        ("portugal", "Portugal"),
    ];
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
    let idx = NearIndex::new(
        listed,
        cases.iter().map(|(k, _)| *k).chain(["lisbon", "sulx"]),
    );
    // A name outside the population is not judged.
    assert_eq!(NearIndex::new(listed, ["lisbo"]).near("lixboa"), None);
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
    let idx = NearIndex::new([("lisboa", "Lisboa")], pop.iter().map(|c| c.key.as_str()));
    let sel = select(b"s", Size::Count(0), &pop, window.clone(), &idx, None);
    assert_eq!(
        sel.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        vec!["bad.pt", "lisboa1.pt"]
    );
    assert!(sel[0].reason.contains("bad e-mail"));
    assert!(sel[1].reason.contains("Lisboa"));
    // P has 40 names in the window: a burst, every one selected.
    let window: Vec<&str> = pop.iter().map(|c| c.registrant).collect();
    let sel = select(b"s", Size::Count(0), &pop, window, &idx, None);
    assert_eq!(sel.len(), 42);
    assert!(sel.iter().any(|s| {
        s.reason
            .starts_with("registration burst: registrant P registered 40")
    }));
    // Random ones say so.
    let sel = select(b"s", Size::Count(3), &pop, vec![], &idx, None);
    assert_eq!(sel.iter().filter(|s| s.reason == RANDOM).count(), 3);
}

#[test]
fn ceil_products_are_exact_on_the_decimals_as_written() {
    let cases: &[(f64, f64, u64, u64)] = &[
        (0.5, 0.2, 200, 20),
        (0.5, 0.05, 200, 5),
        (0.5, 0.05, 201, 6),
        (0.5, 0.1, 10, 1),
        (0.5, 0.1, 0, 0),
        (0.0, 0.5, 100, 0),
        (1.0, 1.0, 7, 7),
        (0.5, 1.0, 7, 4),
        (0.1, 1.0, 30, 3),
        (1.0, 0.3, 10, 3),
        (0.3, 0.1, 1000, 30),
        (0.5, 0.000001, 2_000_000, 1),
        (1.0, 1.0, 2_000_000, 2_000_000),
        (f64::NAN, 0.5, 10, 0),
    ];
    for (a, b, n, want) in cases {
        assert_eq!(ceil_product(*a, *b, *n), *want, "{a} × {b} × {n}");
    }
}

#[test]
fn risk_caps_follow_the_rate_or_the_count() {
    assert_eq!(risk_cap(Size::Rate(0.2), 0.5, 200), 20);
    assert_eq!(risk_cap(Size::Rate(0.05), 0.5, 200), 5);
    assert_eq!(risk_cap(Size::Count(7), 0.5, 200), 4);
    assert_eq!(risk_cap(Size::Count(0), 0.5, 200), 0);
    assert_eq!(risk_cap(Size::Rate(1.0), 1.0, 200), 200);
    assert_eq!(risk_cap(Size::Rate(0.2), 0.0, 200), 0);
}

/// 200 names by two registrants (a burst each), a few near a listed name.
fn crowd() -> (Vec<String>, Vec<(String, &'static str)>) {
    let names: Vec<String> = (0..200).map(|i| format!("loja{i}.pt")).collect();
    let owners = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), if i % 2 == 0 { "A" } else { "B" }))
        .collect();
    (names, owners)
}

#[test]
fn strata_are_capped_shared_and_say_which_chose_each_name() {
    let (_, owners) = crowd();
    let mut pop: Vec<Candidate> = owners
        .iter()
        .map(|(n, r)| Candidate {
            name: n,
            key: n.trim_end_matches(".pt").to_string(),
            registrant: r,
            contact_problem: None,
        })
        .collect();
    pop.push(Candidate {
        name: "lisboa1.pt",
        key: "lisboa1".into(),
        registrant: "C",
        contact_problem: None,
    });
    let idx = NearIndex::new([("lisboa", "Lisboa")], pop.iter().map(|c| c.key.as_str()));
    let window: Vec<&str> = pop.iter().map(|c| c.registrant).collect();
    for rate in [0.02, 0.05, 0.1, 0.2, 0.5] {
        let size = Size::Rate(rate);
        let cap = risk_cap(size, 0.5, pop.len());
        let sel = select(b"seed", size, &pop, window.clone(), &idx, Some(cap));
        let random: Vec<&Selected> = sel
            .iter()
            .filter(|s| s.stratum.as_deref() == Some(RANDOM_STRATUM))
            .collect();
        let names: Vec<&str> = pop.iter().map(|c| c.name).collect();
        assert_eq!(
            random.len(),
            draw_rate(b"seed", rate, &names).len(),
            "{rate}"
        );
        let risky: Vec<&Selected> = sel
            .iter()
            .filter(|s| s.stratum.as_deref() != Some(RANDOM_STRATUM))
            .collect();
        assert_eq!(risky.len(), cap.min(pop.len() - random.len()), "{rate}");
        // Shared: the two bursts and the near stratum each get a turn.
        let count = |s: &str| {
            risky
                .iter()
                .filter(|x| x.stratum.as_deref() == Some(s))
                .count()
        };
        let (a, b) = (count("burst:A"), count("burst:B"));
        assert!(a.abs_diff(b) <= 1, "{rate}: {a} vs {b}");
        if cap >= 3 && !random.iter().any(|s| s.name == "lisboa1.pt") {
            assert_eq!(count("near"), 1, "{rate}");
        }
        // Every name says why.
        assert!(
            sel.iter()
                .all(|s| !s.reason.is_empty() && s.stratum.is_some())
        );
        // Deterministic: the same seed draws the same; another seed another.
        let again = select(b"seed", size, &pop, window.clone(), &idx, Some(cap));
        assert_eq!(sel, again);
    }
    // The case: 200 names of two registrants at rate 0.2 give the
    // random fifth plus at most 21 (half of it again), not all 200.
    let sel = select(b"s", Size::Rate(0.2), &pop, window.clone(), &idx, Some(21));
    assert!(sel.len() < 80, "{}", sel.len());
    // Without a cap (runs recorded before it), every risky name.
    let all = select(b"s", Size::Rate(0.2), &pop, window, &idx, None);
    assert_eq!(all.len(), pop.len());
}

proptest! {
    /// Any population, any rate: the draw is a subset, independent of order,
    /// and monotone in the rate (a name kept at a rate is kept at any higher).
    #[test]
    fn draws_are_order_free_subsets(
        names in proptest::collection::vec("[a-z0-9]{1,12}\\.pt", 0..60),
        seed in proptest::collection::vec(any::<u8>(), 1..8),
        rate in 0.0f64..=1.0,
        count in 0usize..70,
    ) {
        let pop: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut rev = pop.clone();
        rev.reverse();
        let kept = draw_rate(&seed, rate, &pop);
        prop_assert_eq!(&kept, &draw_rate(&seed, rate, &rev));
        prop_assert!(kept.iter().all(|n| pop.contains(n)));
        let more = draw_rate(&seed, (rate * 2.0).min(1.0), &pop);
        prop_assert!(kept.iter().all(|n| more.contains(n)));
        let counted = draw_count(&seed, count, &pop);
        prop_assert_eq!(&counted, &draw_count(&seed, count, &rev));
        let distinct: std::collections::BTreeSet<&str> = pop.iter().copied().collect();
        prop_assert_eq!(counted.len(), count.min(distinct.len()));
    }
}

/// The closeness of the population-side index is the closeness of a plain
/// reading of the rule (every listed key against every name), on names
/// built to be near misses of each other.
#[test]
fn the_near_index_agrees_with_the_rule_read_plainly() {
    fn plain(listed: &[(&str, &str)], key: &str) -> Option<String> {
        let keys: Vec<&(&str, &str)> = listed
            .iter()
            .filter(|(k, _)| k.chars().count() >= NEAR_MIN_KEY)
            .collect();
        if keys.iter().any(|(k, _)| *k == key) {
            return None;
        }
        let n: Vec<char> = key.chars().collect();
        let mut hits: Vec<(&str, &str, &str)> = Vec::new();
        for (k, shown) in keys {
            let c: Vec<char> = k.chars().collect();
            let edit = (c.len() == n.len() + 1 && (0..c.len()).any(|i| without(&c, i) == key))
                || (n.len() == c.len() + 1 && (0..n.len()).any(|i| without(&n, i) == *k))
                || (c.len() == n.len() && (0..c.len()).any(|i| without(&c, i) == without(&n, i)));
            if edit {
                hits.push((k, "edit distance 1", shown));
            }
            let affix = (1..=MAX_AFFIX.min(n.len().saturating_sub(1))).any(|a| {
                n[a..].iter().collect::<String>() == *k
                    || n[..n.len() - a].iter().collect::<String>() == *k
            });
            if affix {
                hits.push((k, "listed name plus a short affix", shown));
            }
        }
        hits.sort_unstable();
        hits.first()
            .map(|(_, how, shown)| format!("close to listed name {shown:?} ({how})"))
    }
    let listed = [
        ("lisboa", "Lisboa"),
        ("lisbon", "Lisbon"),
        ("porto", "Porto"),
        ("oporto", "Oporto"),
        ("sul", "Sul"),
        ("portugal", "Portugal"),
        ("abcd", "ABCD"),
        ("abce", "ABCE"),
    ];
    let mut names: Vec<String> = Vec::new();
    let alphabet = ['a', 'b', 'o', 'x', '1'];
    for (k, _) in listed {
        let c: Vec<char> = k.chars().collect();
        names.push(k.to_string());
        for i in 0..=c.len() {
            for x in alphabet {
                let mut ins = c.clone();
                ins.insert(i, x);
                names.push(ins.iter().collect());
                if i < c.len() {
                    let mut sub = c.clone();
                    sub[i] = x;
                    names.push(sub.iter().collect());
                }
            }
            if i < c.len() {
                names.push(without(&c, i));
            }
        }
        names.push(format!("my{k}"));
        names.push(format!("{k}pt1"));
        names.push(format!("{k}pt12"));
    }
    let idx = NearIndex::new(listed, names.iter().map(String::as_str));
    for name in &names {
        assert_eq!(idx.near(name), plain(&listed, name), "{name}");
    }
}
