//! The registry as it stood at a past time, rebuilt from the journal: a
//! domain, a contact, and the population a sampling run drew from.
//!
//! Every change of a domain journals the whole domain after the change, and
//! every `contact add`/`contact update` the whole contact, so the latest such
//! entry stamped at or before T is the record as it stood at T. "Latest" is by
//! sequence: the order the changes were made in, whatever clocks they gave.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::journal;
use crate::model::{Contact, Domain};
use crate::rules::lists::{self, ListKind};
use crate::rules::periods::{Time, fmt_time, parse_time};
use crate::rules::policy::Policy;
use crate::rules::whois::{self, Manager, Record};
use crate::store::contacts;

/// The domain called `name` (A-label) as it stood at `at`: the outcome of the
/// latest entry about it stamped at or before `at`. `None` when the journal
/// holds no domain record of it by then.
pub(crate) fn domain_as_of(conn: &Connection, name: &str, at: Time) -> Result<Option<Domain>> {
    let at = fmt_time(at);
    let entries = journal::for_domain(conn, name)?;
    let Some((seq, mut domain)) = entries.iter().rev().filter(|e| e.time <= at).find_map(|e| {
        serde_json::from_str::<Domain>(&e.outcome)
            .ok()
            .map(|d| (e.seq, d))
    }) else {
        return Ok(None);
    };
    // A sampling run opens cases in one entry of its own: a run after the
    // domain's last change, by `at`, that drew the name gave it its case.
    if domain.case.is_none() && domain.state != crate::model::State::Removed {
        for run in journal::by_command(conn, "audit-sample")? {
            if run.seq <= seq || run.time > at {
                continue;
            }
            if let Some(case) = serde_json::from_str::<RunOutcome>(&run.outcome)
                .ok()
                .and_then(|o| o.cases.get(name).copied())
            {
                domain.case = Some(case);
            }
        }
    }
    Ok(Some(domain))
}

/// The contact `id` as it stood at `at`: the outcome of its latest `contact
/// add`/`contact update` entry stamped at or before `at`. A contact loaded by
/// `contact import` has no entry of its own (the import journals counts):
/// before its first update it is that update's recorded `before`, and while
/// unchanged it is the table's row. `None` when it did not exist by `at`.
pub(crate) fn contact_as_of(conn: &Connection, id: &str, at: Time) -> Result<Option<Contact>> {
    let at_text = fmt_time(at);
    let outcome: Option<String> = conn
        .prepare_cached(
            "SELECT outcome FROM journal
             WHERE command IN ('contact add', 'contact update')
               AND json_extract(outcome, '$.id') = ?1 AND time <= ?2
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![id, at_text], |r| r.get(0))
        .optional()?;
    if let Some(found) = outcome.and_then(|o| serde_json::from_str::<Contact>(&o).ok()) {
        return Ok(Some(found));
    }
    let before: Option<String> = conn
        .prepare_cached(
            "SELECT json_extract(inputs, '$.before') FROM journal
             WHERE command IN ('contact add', 'contact update')
               AND json_extract(outcome, '$.id') = ?1 AND time > ?2
             ORDER BY seq LIMIT 1",
        )?
        .query_row(params![id, at_text], |r| r.get(0))
        .optional()?
        .flatten();
    if let Some(found) = before.and_then(|b| serde_json::from_str::<Contact>(&b).ok()) {
        return Ok(Some(found).filter(|c| c.created <= at));
    }
    Ok(contacts::find_contact(conn, id)?.filter(|c| c.created <= at && c.updated <= at))
}

/// The WHOIS record of `name` as it stood at `at`: the domain and its
/// registrant as of then (the managing registrar as it is now: registrars
/// change only by withdrawal, which moves the names themselves). `None` when
/// the name was free at `at`. A registrant that cannot be rebuilt as of then
/// (loaded by `contact import` and changed since) is an error, not a guess.
pub(crate) fn whois_as_of(conn: &Connection, name: &str, at: Time) -> Result<Option<Record>> {
    let Some(domain) = domain_as_of(conn, name, at)? else {
        return Ok(None);
    };
    if domain.state == crate::model::State::Removed {
        return Ok(None);
    }
    let registrant = contact_as_of(conn, &domain.registrant, at)?.ok_or_else(|| {
        Error::internal(format!(
            "contact {} cannot be rebuilt as of {}: it was loaded by an import and has \
             changed since",
            domain.registrant,
            fmt_time(at)
        ))
    })?;
    Ok(Some(match domain.registrar() {
        Some(id) => {
            let registrar = contacts::get_registrar(conn, id)?;
            whois::record(&domain, &registrant, Manager::Registrar(&registrar))
        }
        None => whois::record(&domain, &registrant, Manager::Registrant),
    }))
}

/// What a sampling run needs of one registration, from its journaled outcome.
#[derive(Debug, Deserialize)]
struct Outcome {
    name: String,
    unicode: String,
    state: String,
    created: String,
    registrant: String,
    tech: String,
    #[serde(default)]
    case: Option<i64>,
}

/// A registration as it stood before a run, rebuilt from the journal.
#[derive(Debug, Clone)]
pub(crate) struct PastMember {
    pub(crate) name: String,
    pub(crate) unicode: String,
    pub(crate) registrant: String,
    pub(crate) tech: String,
}

/// The population of the run journaled at `run` over the window `(from, to]`,
/// rebuilt from the entries before it (not from today's tables): registrations
/// created in the window whose latest state was not `removed`, that never had
/// a case open (a case opened at registration shows in the domain's outcome)
/// and that no earlier run selected. Also returns the registrant of every
/// registration created in the window, for the burst stratum.
///
/// A registration loaded by `import` has no entry of its own (the import
/// journals its file's digest): one the journal does not describe by the run
/// is taken from the `domain` table when its row existed at the run (its id is
/// at most `last_domain`, the highest id the run recorded), live at the run
/// unless removed by then.
pub(crate) fn population_before(
    conn: &Connection,
    run: i64,
    from: Time,
    to: Time,
    last_domain: Option<i64>,
) -> Result<(Vec<PastMember>, Vec<String>)> {
    // A registration created in the window was journaled at or after its
    // creation, so only entries stamped after `from` can matter.
    let entries = journal::since_before(conn, &fmt_time(from), run)?;
    // (name, created) → (latest outcome, ever had a case)
    let mut regs: BTreeMap<(String, String), (Outcome, bool)> = BTreeMap::new();
    // name → times of earlier runs that selected it
    let mut sampled: HashMap<String, Vec<String>> = HashMap::new();
    for e in entries {
        if e.command == "audit-sample" {
            if let Ok(run) = serde_json::from_str::<RunOutcome>(&e.outcome) {
                for s in run.selected {
                    sampled.entry(s.name).or_default().push(e.time.clone());
                }
            }
            continue;
        }
        if e.domain.is_none() {
            continue;
        }
        let Ok(o) = serde_json::from_str::<Outcome>(&e.outcome) else {
            continue;
        };
        let Ok(created) = parse_time(&o.created) else {
            continue;
        };
        if created <= from || created > to {
            continue;
        }
        let key = (o.name.clone(), fmt_time(created));
        let had_case = o.case.is_some() || regs.get(&key).is_some_and(|(_, c)| *c);
        regs.insert(key, (o, had_case));
    }
    if let Some(last) = last_domain {
        let mut stmt = conn.prepare(
            "SELECT name, unicode, registrant, tech, created, removed FROM domain
             WHERE created > ?1 AND created <= ?2 AND id <= ?3",
        )?;
        let rows = stmt.query_map(params![fmt_time(from), fmt_time(to), last], |r| {
            Ok((
                Outcome {
                    name: r.get(0)?,
                    unicode: r.get(1)?,
                    state: String::new(),
                    created: r.get(4)?,
                    registrant: r.get(2)?,
                    tech: r.get(3)?,
                    case: None,
                },
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        for row in rows {
            let (mut o, removed) = row?;
            let key = (o.name.clone(), o.created.clone());
            if regs.contains_key(&key) {
                continue;
            }
            let to = fmt_time(to);
            o.state = match removed {
                Some(t) if t <= to => "removed".to_string(),
                _ => "live".to_string(),
            };
            regs.insert(key, (o, false));
        }
    }
    let mut window = Vec::new();
    let mut members = Vec::new();
    for ((name, created), (o, had_case)) in regs {
        window.push(o.registrant.clone());
        let was_sampled = sampled
            .get(&name)
            .is_some_and(|times| times.iter().any(|t| *t >= created));
        if o.state != "removed" && !had_case && !was_sampled {
            members.push(PastMember {
                name,
                unicode: o.unicode,
                registrant: o.registrant,
                tech: o.tech,
            });
        }
    }
    Ok((members, window))
}

/// The recorded outcome of a sampling run (SPEC §13 `audit-sample --json`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub(crate) struct RunOutcome {
    pub(crate) population: usize,
    pub(crate) population_digest: String,
    pub(crate) selected: Vec<crate::rules::sampling::Selected>,
    /// The case opened for each selected name (not part of the draw).
    #[serde(default)]
    pub(crate) cases: BTreeMap<String, i64>,
}

/// Every journaled `register` decision, in order.
pub(crate) fn registrations(conn: &Connection) -> Result<Vec<journal::Stored>> {
    journal::by_command(conn, "register")
}

/// The policy whose text has `digest`, as stored (`None` if the file holds
/// no such version).
pub(crate) fn policy_by_digest(conn: &Connection, digest: &str) -> Result<Option<Policy>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT toml FROM policy WHERE digest = ?1 ORDER BY version DESC LIMIT 1")?
        .query_row([digest], |r| r.get(0))
        .optional()?;
    Ok(text.and_then(|t| Policy::parse(&t).ok()))
}

/// The name lists at one version: folded key → the lists it is on, with the
/// listed name.
#[derive(Debug, Default)]
pub(crate) struct Lists {
    by_key: HashMap<String, Vec<(ListKind, String)>>,
}

impl Lists {
    /// The entries matching any of `keys` (as `Facts::listed`), in list order.
    pub(crate) fn matching(&self, keys: &[String]) -> Vec<(ListKind, String)> {
        let mut out: Vec<(ListKind, String)> = Vec::new();
        for k in keys {
            for hit in self.by_key.get(k).into_iter().flatten() {
                if !out.contains(hit) {
                    out.push(hit.clone());
                }
            }
        }
        out.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()).then(a.1.cmp(&b.1)));
        out
    }
}

/// The lists as they stood at `version` (`None`: today's). Rebuilt backwards
/// from today's entries by undoing, newest first, every journaled list change
/// that made a later version: an addition is taken out, a removal put back.
pub(crate) fn lists_at(conn: &Connection, version: Option<i64>) -> Result<Lists> {
    let mut entries: HashMap<(ListKind, String), String> = HashMap::new();
    let mut stmt = conn.prepare("SELECT kind, key, name FROM list_entry")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (kind, key, name) = row?;
        if let Ok(kind) = kind.parse::<ListKind>() {
            entries.insert((kind, key), name);
        }
    }
    if let Some(version) = version {
        let mut changes: Vec<journal::Stored> = Vec::new();
        for command in ["list add", "list import", "list remove"] {
            changes.extend(journal::by_command(conn, command)?);
        }
        changes.sort_by_key(|e| std::cmp::Reverse(e.seq));
        for change in changes {
            let Ok(c) = serde_json::from_str::<ListChange>(&change.outcome) else {
                continue;
            };
            let Ok(kind) = c.list.parse::<ListKind>() else {
                continue;
            };
            if c.lists_version <= version {
                continue;
            }
            for name in c.changed {
                let Ok(key) = lists::entry_key(&name) else {
                    continue;
                };
                if change.command == "list remove" {
                    entries.insert((kind, key), name);
                } else {
                    entries.remove(&(kind, key));
                }
            }
        }
    }
    let mut out = Lists::default();
    for ((kind, key), name) in entries {
        out.by_key.entry(key).or_default().push((kind, name));
    }
    Ok(out)
}

/// The outcome `list add|remove|import` journals.
#[derive(Debug, Deserialize)]
struct ListChange {
    list: String,
    changed: Vec<String>,
    lists_version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Ctx;
    use crate::journal::Entry;
    use crate::model::{ContactKind, ManagerKind, State};
    use crate::store::Store;

    fn t(text: &str) -> Time {
        parse_time(text).unwrap()
    }

    fn ctx(now: &str) -> Ctx {
        Ctx {
            db: "unused".into(),
            now: t(now),
            json: false,
            actor: "tester".into(),
            quiet: true,
            dry_run: false,
            reason: None,
        }
    }

    fn domain(name: &str, created: &str, state: State, registrant: &str) -> Domain {
        Domain {
            id: 0,
            name: name.into(),
            unicode: name.into(),
            hierarchy: "pt".into(),
            state,
            created: t(created),
            expires: t("2027-01-01"),
            registrant: registrant.into(),
            manager: registrant.into(),
            manager_kind: ManagerKind::Registrant,
            tech: registrant.into(),
            nameservers: vec![],
            ds: vec![],
            arbitration: false,
            litigation: None,
            suspension: None,
            pending_removal: None,
            case: None,
            state_since: t(created),
            removed: None,
        }
    }

    fn journal_domain(conn: &Connection, now: &str, command: &str, d: &Domain) {
        let entry = Entry {
            command,
            article: None,
            domain: Some(&d.name),
            inputs: serde_json::json!({}),
            outcome: serde_json::to_value(d).unwrap(),
        };
        journal::append(conn, &ctx(now), "digest", entry).unwrap();
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("h.db")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_domain_as_of_a_time_is_its_latest_outcome_by_then() {
        let (_dir, store) = store();
        let conn = store.conn();
        let mut d = domain("a.pt", "2026-03-01T10:00:00Z", State::Reserved, "P");
        journal_domain(conn, "2026-03-01T10:00:00Z", "register", &d);
        d.state = State::Registered;
        journal_domain(conn, "2026-03-05T10:00:00Z", "update", &d);
        // A non-domain outcome about the name is skipped.
        journal::append(
            conn,
            &ctx("2026-03-06T00:00:00Z"),
            "digest",
            Entry {
                command: "transfer-code",
                article: None,
                domain: Some("a.pt"),
                inputs: serde_json::json!({}),
                outcome: serde_json::json!({ "issued": true }),
            },
        )
        .unwrap();
        let cases: &[(&str, Option<State>)] = &[
            ("2026-03-01T09:59:59Z", None),
            ("2026-03-01T10:00:00Z", Some(State::Reserved)),
            ("2026-03-05T09:59:59Z", Some(State::Reserved)),
            ("2026-03-05T10:00:00Z", Some(State::Registered)),
            ("2026-04-01T00:00:00Z", Some(State::Registered)),
        ];
        for (at, want) in cases {
            let got = domain_as_of(conn, "a.pt", t(at)).unwrap().map(|d| d.state);
            assert_eq!(got, *want, "{at}");
        }
        assert!(
            domain_as_of(conn, "b.pt", t("2026-04-01"))
                .unwrap()
                .is_none()
        );
    }

    fn contact(id: &str, email: &str, at: &str) -> Contact {
        Contact {
            id: id.into(),
            kind: ContactKind::Person,
            name: "Ana".into(),
            email: email.into(),
            phone: "+351.912345678".into(),
            address: "Rua A".into(),
            country: "PT".into(),
            vat: None,
            whois_consent: false,
            created: t(at),
            updated: t(at),
        }
    }

    #[test]
    fn a_contact_as_of_a_time_is_its_latest_add_or_update() {
        let (_dir, store) = store();
        let conn = store.conn();
        for (command, at, email) in [
            ("contact add", "2026-03-01T00:00:00Z", "old@example.pt"),
            ("contact update", "2026-03-10T00:00:00Z", "new@example.pt"),
        ] {
            let entry = Entry {
                command,
                article: None,
                domain: None,
                inputs: serde_json::json!({}),
                outcome: serde_json::to_value(contact("ANA", email, at)).unwrap(),
            };
            journal::append(conn, &ctx(at), "digest", entry).unwrap();
        }
        let email = |at: &str| contact_as_of(conn, "ANA", t(at)).unwrap().map(|c| c.email);
        assert_eq!(email("2026-02-28"), None);
        assert_eq!(email("2026-03-09").as_deref(), Some("old@example.pt"));
        assert_eq!(email("2026-03-10").as_deref(), Some("new@example.pt"));
        // A contact with no entry of its own (imported) comes from the table
        // while unchanged since the time asked about.
        contacts::insert_contact(conn, &contact("IMP", "imp@example.pt", "2026-03-02")).unwrap();
        let imp = |at: &str| contact_as_of(conn, "IMP", t(at)).unwrap().map(|c| c.email);
        assert_eq!(imp("2026-03-01"), None);
        assert_eq!(imp("2026-03-03").as_deref(), Some("imp@example.pt"));
        // Once updated, its state before the update is the update's `before`.
        let old = contact("IMP", "imp@example.pt", "2026-03-02");
        let new = Contact {
            updated: t("2026-03-05"),
            ..contact("IMP", "new-imp@example.pt", "2026-03-02")
        };
        contacts::update_contact(conn, &new).unwrap();
        let entry = Entry {
            command: "contact update",
            article: Some("13"),
            domain: None,
            inputs: serde_json::json!({ "id": "IMP", "before": old }),
            outcome: serde_json::to_value(&new).unwrap(),
        };
        journal::append(conn, &ctx("2026-03-05"), "digest", entry).unwrap();
        assert_eq!(imp("2026-03-01"), None);
        assert_eq!(imp("2026-03-03").as_deref(), Some("imp@example.pt"));
        assert_eq!(imp("2026-03-05").as_deref(), Some("new-imp@example.pt"));
    }

    #[test]
    fn a_population_is_rebuilt_from_the_entries_before_the_run() {
        let (_dir, store) = store();
        let conn = store.conn();
        let from = t("2026-03-01T00:00:00Z");
        let to = t("2026-03-11T00:00:00Z");
        let reg = |name: &str, created: &str| {
            let d = domain(name, created, State::Reserved, "P");
            journal_domain(conn, created, "register", &d);
            d
        };
        reg("old.pt", "2026-02-28T00:00:00Z"); // before the window
        reg("edge.pt", "2026-03-01T00:00:00Z"); // at its start: out
        reg("kept.pt", "2026-03-02T00:00:00Z");
        let mut gone = reg("gone.pt", "2026-03-03T00:00:00Z");
        gone.state = State::Removed;
        journal_domain(conn, "2026-03-04T00:00:00Z", "remove", &gone);
        let mut legit = domain("legit.pt", "2026-03-03T00:00:00Z", State::Reserved, "P");
        legit.case = Some(1);
        journal_domain(conn, "2026-03-03T00:00:00Z", "register", &legit);
        legit.case = None;
        journal_domain(conn, "2026-03-04T00:00:00Z", "audit decide", &legit);
        reg("drawn.pt", "2026-03-03T00:00:00Z");
        journal::append(
            conn,
            &ctx("2026-03-05T00:00:00Z"),
            "digest",
            Entry {
                command: "audit-sample",
                article: Some("8.1"),
                domain: None,
                inputs: serde_json::json!({}),
                outcome: serde_json::json!({
                    "population": 1, "population_digest": "x",
                    "selected": [{ "name": "drawn.pt", "reason": "random" }]
                }),
            },
        )
        .unwrap();
        let run = journal::head(conn).unwrap().0 + 1;
        // Entries after the run do not count.
        reg("late.pt", "2026-03-06T00:00:00Z");
        let (members, window) = population_before(conn, run, from, to, None).unwrap();
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, vec!["kept.pt"]);
        assert_eq!(window.len(), 4); // kept, gone, legit, drawn
    }

    #[test]
    fn lists_are_rebuilt_at_a_version_by_undoing_later_changes() {
        let (_dir, store) = store();
        let conn = store.conn();
        let list = |command: &str, changed: &[&str], version: i64, sql: &str| {
            conn.execute_batch(sql).unwrap();
            let entry = Entry {
                command,
                article: Some("8.4"),
                domain: None,
                inputs: serde_json::json!({}),
                outcome: serde_json::json!({
                    "list": "blocked", "changed": changed, "lists_version": version
                }),
            };
            journal::append(conn, &ctx("2026-03-01"), "digest", entry).unwrap();
        };
        let row = |key: &str, name: &str| {
            format!(
                "INSERT INTO list_entry(kind, key, name, source, added_by, added_at)
                 VALUES ('blocked', '{key}', '{name}', 'list add', 't', '2026-03-01T00:00:00Z');"
            )
        };
        list("list add", &["Foo Bar"], 2, &row("foobar", "Foo Bar"));
        list("list add", &["Baz"], 3, &row("baz", "Baz"));
        list(
            "list remove",
            &["Foo Bar"],
            4,
            "DELETE FROM list_entry WHERE key = 'foobar';",
        );
        let on = |version: Option<i64>, key: &str| {
            !lists_at(conn, version)
                .unwrap()
                .matching(&[key.to_string()])
                .is_empty()
        };
        let cases: &[(Option<i64>, bool, bool)] = &[
            (Some(1), false, false),
            (Some(2), true, false),
            (Some(3), true, true),
            (Some(4), false, true),
            (None, false, true),
        ];
        for (version, foobar, baz) in cases {
            assert_eq!(on(*version, "foobar"), *foobar, "{version:?} foobar");
            assert_eq!(on(*version, "baz"), *baz, "{version:?} baz");
        }
        assert_eq!(
            lists_at(conn, Some(3))
                .unwrap()
                .matching(&["foobar".into()]),
            vec![(ListKind::Blocked, "Foo Bar".to_string())]
        );
    }
}
