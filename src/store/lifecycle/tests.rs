//! The queries that narrow the sweep's candidates (and the zone's
//! delegations) agree with the pure rule: over random registries and
//! clocks, under both countings, the sweep's candidates are exactly the
//! names the rule moves (and the reminders it finds exactly those due),
//! and the zone holds exactly the names the rule delegates.

use proptest::prelude::*;

use super::*;
use crate::model::{Contact, Domain, Nameserver, PendingRemoval, State};
use crate::rules::lifecycle::expiry::{self, due, reminders_due};
use crate::rules::lifecycle::fixture::{hours, policy};
use crate::rules::policy::Policy;
use crate::store::{Store, contacts, domains, zone};

fn registry() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("t.db")).unwrap();
    let t = crate::rules::periods::parse_time("2020-01-01").unwrap();
    contacts::insert_contact(store.conn(), &Contact::example("c1", t)).unwrap();
    (dir, store)
}

/// Seconds from 2025-10-01 to 2027-06-01: across two daylight-saving
/// changes each way.
const FROM: i64 = 1_759_276_800;
const SPAN: i64 = 52_000_000;

fn instant(offset: i64) -> Time {
    chrono::DateTime::from_timestamp(FROM + offset, 0).unwrap_or_default()
}

/// What varies between random domains.
#[derive(Debug, Clone)]
struct Shape {
    state: u8,
    expires: i64,
    state_since: i64,
    locked: bool,
    pending: Option<Option<i64>>,
    held: Option<i64>,
    /// A midnight-aligned expiry, as civil counting stores one.
    aligned: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        0u8..4,
        0..SPAN,
        0..SPAN,
        prop::bool::weighted(0.15),
        prop::option::weighted(0.3, prop::option::of(0..SPAN)),
        prop::option::weighted(0.15, 0..SPAN),
        any::<bool>(),
    )
        .prop_map(
            |(state, expires, state_since, locked, pending, held, aligned)| Shape {
                state,
                expires,
                state_since,
                locked,
                pending,
                held,
                aligned,
            },
        )
}

fn domain_of(i: usize, s: &Shape, policy: &Policy) -> Domain {
    let state = [
        State::Reserved,
        State::Registered,
        State::Grace,
        State::Suspended,
    ][s.state as usize];
    let mut expires = instant(s.expires);
    if s.aligned {
        expires = policy.calendar().term_end(expires);
    }
    Domain {
        state,
        expires,
        nameservers: vec![
            Nameserver {
                host: "ns1.x.net".into(),
                addresses: vec![],
            },
            Nameserver {
                host: "ns2.x.net".into(),
                addresses: vec![],
            },
        ],
        litigation: s.locked.then(|| "Proc. 1".to_string()),
        suspension: (state == State::Suspended).then(|| "Arb. 1".to_string()),
        pending_removal: s.pending.map(|e| PendingRemoval {
            by: "manager".into(),
            effective: e.map(instant),
            article: "21.2".into(),
            grounds: None,
            requested: Some(instant(0)),
        }),
        state_since: instant(s.state_since),
        ..Domain::example(&format!("n{i}.pt"), instant(0))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_sweep_and_zone_queries_agree_with_the_rule(
        shapes in prop::collection::vec(shape(), 1..14),
        now in 0..SPAN,
        civil in any::<bool>(),
    ) {
        let policy = if civil { policy() } else { hours() };
        let now = instant(now);
        let (_dir, store) = registry();
        let conn = store.conn();
        for (i, s) in shapes.iter().enumerate() {
            let mut d = domain_of(i, s, &policy);
            domains::insert(conn, &mut d).unwrap();
            // A registration held for its proof of legitimacy is stored
            // reserved (rules::registration, resting_state): the zone's
            // query relies on it.
            if let Some(due_at) = s.held.filter(|_| d.state == State::Reserved) {
                let case = crate::store::cases::open(conn, d.id, instant(0), "legitimacy", None).unwrap();
                crate::store::cases::request_proof(conn, case, instant(0), instant(due_at)).unwrap();
            }
        }
        let candidates = due_ids(conn, now, &policy).unwrap();
        let mut delegated = Vec::new();
        zone::stream(conn, now, &policy, false, |d| {
            delegated.push(d.name.clone());
            Ok([0u8; 16])
        })
        .unwrap();
        let mut want_delegated = Vec::new();
        for i in 0..shapes.len() {
            let name = format!("n{i}.pt");
            let d = domains::find_live(conn, &name).unwrap().unwrap();
            // Exact: the sweep reads no name the clock has not moved, but
            // for the locked ones, which the rule leaves as they are.
            let moved = !due(&d, now, &policy).is_empty();
            if d.litigation.is_none() && d.suspension.is_none() {
                prop_assert_eq!(moved, candidates.contains(&d.id), "{}: {:?}", name, d);
            } else {
                prop_assert!(!moved);
            }
            if expiry::at(&d, now, &policy).state == State::Registered {
                want_delegated.push(name.clone());
            }
            for &r in &policy.periods.reminders {
                // No reminder is recorded here: listed exactly when due.
                let listed = unreminded(conn, now, r, &policy).unwrap();
                prop_assert_eq!(
                    reminders_due(&d, now, &policy).contains(&r),
                    listed.contains(&d.id),
                    "{} reminder {}", name, r
                );
            }
        }
        want_delegated.sort();
        delegated.sort();
        prop_assert_eq!(delegated, want_delegated);
    }
}

/// One live row per name, told by the removal time; a move into grace sets
/// only the state (the name index is not rewritten), a removal the rest.
#[test]
fn one_live_row_per_name_and_set_state_writes_what_changed() {
    let (_dir, store) = registry();
    let conn = store.conn();
    let t = crate::rules::periods::parse_time("2024-01-01").unwrap();
    let later = crate::rules::periods::parse_time("2025-01-01").unwrap();
    let mut first = Domain::example("nome.pt", t);
    domains::insert(conn, &mut first).unwrap();
    let mut twin = first.clone();
    assert!(
        domains::insert(conn, &mut twin).is_err(),
        "a second live row of a name is refused"
    );

    let mut grace = first.clone();
    grace.state = State::Grace;
    grace.state_since = later;
    set_state(conn, &grace).unwrap();
    let stored = domains::find_by_id(conn, first.id).unwrap().unwrap();
    assert_eq!((stored.state, stored.removed), (State::Grace, None));

    let removed = crate::rules::lifecycle::removal::removed_now(grace, later);
    set_state(conn, &removed).unwrap();
    let stored = domains::find_by_id(conn, first.id).unwrap().unwrap();
    assert_eq!(
        (stored.state, stored.removed),
        (State::Removed, Some(later))
    );
    // Removed, the name is free again; removed rows of a name may be many.
    let mut again = Domain::example("nome.pt", later);
    domains::insert(conn, &mut again).unwrap();
    let again = crate::rules::lifecycle::removal::removed_now(again, later);
    set_state(conn, &again).unwrap();
    let rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM domain WHERE name = 'nome.pt'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 2);
}

/// A file made when reminders were keyed by row keeps every reminder sent
/// through the new key: the sweep finds them as before and sends none twice.
#[test]
fn the_reminder_key_migration_keeps_every_reminder() {
    let key_sql = include_str!("../reminder_key.sql");
    let conn = crate::store::schema_before(key_sql);
    let policy = policy();
    let t = crate::rules::periods::parse_time("2020-01-01").unwrap();
    contacts::insert_contact(&conn, &Contact::example("c1", t)).unwrap();
    let now = instant(0);
    let mut ids = Vec::new();
    for i in 0..3 {
        // Expiring in 5 days: both reminders (30 and 7 days) are due.
        let mut d = Domain {
            expires: policy.calendar().term_end(instant(5 * 86_400)),
            ..Domain::example(&format!("r{i}.pt"), t)
        };
        domains::insert(&conn, &mut d).unwrap();
        ids.push(d.id);
    }
    // The first two were reminded under the old key (row, expiry, day).
    for &id in &ids[..2] {
        let expires: String = conn
            .query_row("SELECT expires FROM domain WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        for day in [7, 30] {
            conn.execute(
                "INSERT INTO reminder(domain_id, expires, days, time) VALUES (?1, ?2, ?3, ?4)",
                params![id, expires, day, fmt_time(now)],
            )
            .unwrap();
        }
    }
    conn.execute_batch(key_sql).unwrap();
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM reminder", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 4);
    for day in [7, 30] {
        assert_eq!(unreminded(&conn, now, day, &policy).unwrap(), [ids[2]]);
    }
}
