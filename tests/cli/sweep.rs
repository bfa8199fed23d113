//! Tests of `sweep`: catching up missed nights in date order, idempotence,
//! dry runs, reminders once per expiry and day, overdue proof requests, and
//! quiet output for cron.

use serde_json::{Value, json};

use crate::lifecycle::{at, db, notices, reg_at, register};
use crate::support::Reg;

fn journal_count(reg: &Reg) -> i64 {
    db(reg)
        .query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
        .unwrap()
}

fn state(reg: &Reg, now: &str, name: &str) -> String {
    at(reg, now, &["show", name])["state"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Names registered at different times for 1 year: their terms end at
/// 24:00 (Lisbon, which is on UTC in winter) on 1, 3 and 5 February 2027,
/// and one on 2 January whose grace ends at 24:00 on 1 February, in the
/// missed week.
fn staggered(reg: &mut Reg) {
    for (now, name) in [
        ("2026-01-02T09:00:00Z", "janeiro.pt"),
        ("2026-02-01T09:00:00Z", "um.pt"),
        ("2026-02-03T09:00:00Z", "tres.pt"),
        ("2026-02-05T09:00:00Z", "cinco.pt"),
        ("2026-06-01T09:00:00Z", "junho.pt"),
    ] {
        reg.now = now.to_string();
        register(reg, name);
    }
}

#[test]
fn a_missed_week_is_caught_up_in_date_order() {
    let mut reg = reg_at("2026-01-01");
    staggered(&mut reg);
    // Nightly until 31 January 2027 (janeiro.pt went to grace on 2 January),
    // then nothing for a week.
    let s = at(&reg, "2027-01-31T03:00:00Z", &["sweep"]);
    assert_eq!(s["to_grace"], 1);
    let s = at(&reg, "2027-02-07T03:00:00Z", &["sweep"]);
    assert_eq!(
        s,
        json!({"to_grace": 3, "removed": 1, "pending_removed": 0, "overdue_proofs": 0, "reminders": 0,
               "unproved_removed": 0, "awaiting_notice": 0, "notices": 0})
    );
    // janeiro.pt's grace ended at 24:00 on 1 February, in the missed week.
    let d = at(&reg, "2027-02-07T03:00:00Z", &["show", "janeiro.pt"]);
    assert_eq!(d["state"], "removed");
    for name in ["um.pt", "tres.pt", "cinco.pt"] {
        assert_eq!(state(&reg, "2027-02-07T03:00:00Z", name), "grace", "{name}");
    }
    assert_eq!(
        state(&reg, "2027-02-07T03:00:00Z", "junho.pt"),
        "registered"
    );
    // One journal entry per name changed, in the order things fell due, and
    // the due times recorded.
    let conn = db(&reg);
    let mut stmt = conn
        .prepare("SELECT domain, article, inputs FROM journal WHERE command = 'sweep' AND domain IS NOT NULL ORDER BY seq")
        .unwrap();
    let rows: Vec<(String, String, Value)> = stmt
        .query_map([], |r| {
            let inputs: String = r.get(2)?;
            Ok((r.get(0)?, r.get(1)?, serde_json::from_str(&inputs).unwrap()))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let order: Vec<(&str, &str)> = rows
        .iter()
        .map(|(d, a, _)| (d.as_str(), a.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("janeiro.pt", "17.2"),
            ("janeiro.pt", "17.3"),
            ("um.pt", "17.2"),
            ("tres.pt", "17.2"),
            ("cinco.pt", "17.2")
        ]
    );
    assert_eq!(rows[0].2["transitions"][0]["at"], "2027-01-03T00:00:00Z");
    assert_eq!(rows[1].2["transitions"][0]["at"], "2027-02-02T00:00:00Z");
    assert_eq!(rows[4].2["transitions"][0]["at"], "2027-02-06T00:00:00Z");
    let summaries: i64 = conn
        .query_row(
            "SELECT count(*) FROM journal WHERE command = 'sweep' AND domain IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(summaries, 2);
}

#[test]
fn a_whole_missed_period_is_caught_up_in_one_run() {
    let mut reg = reg_at("2026-01-01");
    staggered(&mut reg);
    // No sweep at all until 7 February 2027: janeiro.pt goes through grace
    // and removal in one run, each at its due time.
    let s = at(&reg, "2027-02-07T03:00:00Z", &["sweep"]);
    assert_eq!(s["to_grace"], 4);
    assert_eq!(s["removed"], 1);
    let d = at(&reg, "2027-02-07T03:00:00Z", &["show", "janeiro.pt"]);
    assert_eq!(d["state"], "removed");
    assert_eq!(d["removed"], "2027-02-02T00:00:00Z");
}

#[test]
fn a_second_run_the_same_day_changes_nothing() {
    let mut reg = reg_at("2026-01-01");
    staggered(&mut reg);
    at(&reg, "2027-02-07", &["sweep"]);
    let before = journal_count(&reg);
    let n_before = notices(&reg).len();
    let s = at(&reg, "2027-02-07", &["sweep"]);
    assert_eq!(
        s,
        json!({"to_grace": 0, "removed": 0, "pending_removed": 0, "overdue_proofs": 0, "reminders": 0,
               "unproved_removed": 0, "awaiting_notice": 0, "notices": 0})
    );
    assert_eq!(journal_count(&reg), before);
    assert_eq!(notices(&reg).len(), n_before);
}

#[test]
fn dry_run_shows_what_would_happen_and_changes_nothing() {
    let mut reg = reg_at("2026-01-01");
    staggered(&mut reg);
    let before = journal_count(&reg);
    reg.now = "2027-02-07T03:00:00Z".into();
    let out = reg.ok(&["--dry-run", "sweep"]);
    assert!(
        out.contains("janeiro.pt: registered -> grace at 2027-01-03T00:00:00Z [Art. 17.2]"),
        "{out}"
    );
    assert!(
        out.contains("janeiro.pt: grace -> removed at 2027-02-02T00:00:00Z [Art. 17.3]"),
        "{out}"
    );
    assert!(
        out.contains("to grace: 4\nremoved: 1\npending removed: 0"),
        "{out}"
    );
    assert_eq!(journal_count(&reg), before);
    // Nothing was recorded: the real run still has all of it to do.
    let s = at(&reg, "2027-02-07T03:00:00Z", &["sweep"]);
    assert_eq!(
        (s["to_grace"].clone(), s["removed"].clone()),
        (json!(4), json!(1))
    );
}

#[test]
fn quiet_for_cron() {
    let mut reg = reg_at("2026-01-01");
    staggered(&mut reg);
    reg.now = "2027-02-07".into();
    let out = reg.cmd(&["--quiet", "sweep"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert_eq!(state(&reg, "2027-02-07", "um.pt"), "grace");
}

#[test]
fn the_human_summary_has_one_line_per_count() {
    let reg = reg_at("2026-03-01");
    let out = reg.ok(&["sweep"]);
    assert_eq!(
        out,
        "to grace: 0\nremoved: 0\npending removed: 0\noverdue proofs: 0\n\
         expiry reminders: 0 names\nnotices written: 0 (`ptreg notices` lists them)\n"
    );
}

#[test]
fn reminders_once_per_expiry_and_day() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt"); // its term ends at 24:00 on 1 March 2027
    let count = |now: &str| at(&reg, now, &["sweep"])["reminders"].as_u64().unwrap();
    // 30 whole days left from 00:00 on 31 January, 7 from 00:00 on 23 February.
    assert_eq!(count("2027-01-30T23:59:59Z"), 0);
    assert_eq!(count("2027-01-31T00:00:00Z"), 1);
    assert_eq!(count("2027-02-01"), 0);
    assert_eq!(count("2027-02-22T23:59:59Z"), 0);
    assert_eq!(count("2027-02-23T00:00:00Z"), 1);
    assert_eq!(count("2027-02-24"), 0);
    let n = notices(&reg);
    assert_eq!(n.len(), 4, "registrant and registrar, twice: {n:?}");
    assert!(n.iter().all(|(_, kind, _)| kind == "expiry-reminder"));
    // Renewed: the new expiry has its own reminders.
    at(&reg, "2027-02-24", &["renew", "exemplo.pt"]);
    assert_eq!(count("2028-01-31T23:59:59Z"), 0);
    assert_eq!(count("2028-02-01T00:00:00Z"), 1);
}

#[test]
fn a_late_sweep_sends_only_the_nearest_reminder() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let s = at(&reg, "2027-02-25", &["sweep"]);
    assert_eq!(s["reminders"], 1);
    assert_eq!(notices(&reg).len(), 2);
    // One name reminded, two notices (registrant and registrar): said apart.
    assert_eq!(s["notices"], 2);
    let text = reg.at("2027-02-25", &["sweep"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("expiry reminders: 0 names\nnotices written: 0"),
        "{text}"
    );
    let list = at(&reg, "2027-02-25", &["notices"]);
    assert!(
        list[0]["text"]
            .as_str()
            .unwrap()
            .contains("in 7 days or less")
    );
    assert_eq!(at(&reg, "2027-02-26", &["sweep"])["reminders"], 0);
}

#[test]
fn overdue_proof_requests_are_listed_and_noticed_once() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    // A proof request as the audit commands record it (Art. 8.2: 2 days).
    db(&reg)
        .execute(
            "INSERT INTO conformity_case(domain_id, opened, reason, proof_requested, proof_due)
             SELECT id, '2026-03-02T09:00:00Z', 'random', '2026-03-02T09:00:00Z', '2026-03-04T09:00:00Z'
             FROM domain WHERE name = 'exemplo.pt'",
            [],
        )
        .unwrap();
    assert_eq!(
        at(&reg, "2026-03-04T08:59:59Z", &["sweep"])["overdue_proofs"],
        0
    );
    assert_eq!(
        at(&reg, "2026-03-04T09:00:00Z", &["sweep"])["overdue_proofs"],
        1
    );
    let out = reg.at("2026-03-05", &["sweep"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("overdue proof: exemplo.pt (case 1, due 2026-03-04T09:00:00Z) [Art. 8.2]"),
        "{text}"
    );
    let n = notices(&reg);
    assert_eq!(
        n.len(),
        2,
        "noticed once, to registrant and registrar: {n:?}"
    );
    assert!(
        n.iter()
            .all(|(_, kind, art)| kind == "proof-overdue" && art == "8.2")
    );
}

#[test]
fn dry_run_listing() {
    let mut reg = reg_at("2026-01-01");
    staggered(&mut reg);
    reg.now = "2027-02-07T03:00:00Z".into();
    insta::assert_snapshot!("sweep_dry_run", reg.ok(&["--dry-run", "sweep"]));
}

/// A migration's names: their reminders whose day came before the import
/// are passed over at the import, the later ones sent by the sweep on
/// their day.
#[test]
fn the_first_sweep_after_a_migration_sends_only_the_reminders_after_it() {
    let reg = crate::support::Reg::new();
    reg.ok(&[
        "import",
        crate::support::path_str(&crate::support::fixture("registry.jsonl")),
    ]);
    let csv = reg.path("migrated.csv");
    std::fs::write(
        &csv,
        "name,registrant,created,expires,nameservers\n\
         breve.pt,ana-silva,2015-03-05T09:00:00Z,2026-03-05T09:00:00Z,ns1.a.pt ns2.a.pt\n\
         mes.pt,ana-silva,2015-03-20T09:00:00Z,2026-03-20T09:00:00Z,ns1.a.pt ns2.a.pt\n\
         tarde.pt,ana-silva,2015-05-01T09:00:00Z,2026-05-01T09:00:00Z,ns1.a.pt ns2.a.pt\n",
    )
    .unwrap();
    let now = "2026-03-01T09:00:00Z";
    let imported = at(&reg, now, &["import", crate::support::path_str(&csv)]);
    assert_eq!(imported["reminders_passed_over"], 2);
    assert_eq!(at(&reg, now, &["sweep"])["reminders"], 0);
    // mes.pt: its 7-day reminder falls after the migration. Its term ends
    // at 24:00 (Lisbon) of 20 March, so the reminder's day is 14 March.
    assert_eq!(at(&reg, "2026-03-13T09:00:00Z", &["sweep"])["reminders"], 0);
    assert_eq!(at(&reg, "2026-03-14T09:00:00Z", &["sweep"])["reminders"], 1);
    // tarde.pt: its 30-day reminder (the term ends at 24:00 of 1 May).
    assert_eq!(at(&reg, "2026-04-01T09:00:00Z", &["sweep"])["reminders"], 0);
    assert_eq!(at(&reg, "2026-04-02T09:00:00Z", &["sweep"])["reminders"], 1);
}
