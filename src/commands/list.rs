//! `ptreg list add|remove|show|import KIND`: the name lists the
//! admissibility rules consult. Every change is one transaction,
//! bumps the lists version and writes one journal entry under the list's
//! article (8.4 for blocked, 32 for reserved, 7.2, 6.1.c, 6.1.b).

#[path = "list_file.rs"]
mod file;

use serde::Serialize;
use serde_json::json;
use sha2::Digest;

use crate::cli::{self, ListCommand};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::render;
use crate::rules::lists::{self, ListKind};
use crate::store::{self, lists::Provenance};

impl From<cli::ListKind> for ListKind {
    fn from(kind: cli::ListKind) -> Self {
        match kind {
            cli::ListKind::Geographic => ListKind::Geographic,
            cli::ListKind::Protected => ListKind::Protected,
            cli::ListKind::Obscene => ListKind::Obscene,
            cli::ListKind::Blocked => ListKind::Blocked,
            cli::ListKind::Reserved => ListKind::Reserved,
        }
    }
}

pub(crate) fn run(cmd: ListCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        ListCommand::Add {
            kind,
            names,
            detail,
            language,
        } => add(kind.into(), &names, &detail, &language, ctx),
        ListCommand::Remove { kind, names } => remove(kind.into(), &names, ctx),
        ListCommand::Show { kind, name, format } => {
            show(kind.into(), name.as_deref(), &format, ctx)
        }
        ListCommand::Import {
            kind,
            file,
            column,
            parishes,
        } => import(kind.into(), &file, column.as_deref(), parishes, ctx),
        ListCommand::Refresh => refresh(ctx),
    }
}

/// The result of a change: what was added or removed, what was already so.
#[derive(Serialize)]
struct Change {
    list: &'static str,
    article: &'static str,
    /// Names added (or removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    added: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed: Option<Vec<String>>,
    /// Names whose key was already on the list (add, import).
    #[serde(skip_serializing_if = "Option::is_none")]
    already_listed: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    lists_version: i64,
}

/// An entry as a list change journals it, so that `audit replay` can put
/// it back or take it out: `[key, name, detail, language, source]`.
pub(crate) fn journaled(entry: &lists::Entry) -> serde_json::Value {
    json!([
        entry.key,
        entry.name,
        entry.detail,
        entry.language,
        entry.source
    ])
}

/// The keys of names given on the command line (exit 2 on the first that
/// cannot be a list entry, before anything changes).
fn keyed(names: &[String]) -> Result<Vec<(String, String)>> {
    names
        .iter()
        .map(|n| {
            lists::entry_key(n)
                .map(|k| (n.trim().to_string(), k))
                .map_err(Error::usage)
        })
        .collect()
}

fn add(
    kind: ListKind,
    names: &[String],
    detail: &Option<String>,
    language: &Option<String>,
    ctx: &Ctx,
) -> Result<()> {
    let keyed = keyed(names)?;
    let entries: Vec<lists::Entry> = keyed
        .into_iter()
        .map(|(name, key)| lists::Entry {
            list: kind,
            key,
            name,
            detail: detail.as_deref().unwrap_or("").trim().to_string(),
            language: language.as_deref().unwrap_or("").trim().to_string(),
            source: "list add".to_string(),
        })
        .collect();
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let from = Provenance {
        actor: &ctx.actor,
        at: ctx.now,
    };
    let (added, already) = insert_all(&tx, &entries, &from)?;
    let version = record(
        &tx,
        ctx,
        kind,
        journal::Kind::ListAdd,
        json!({ "names": names }),
        &added,
    )?;
    store::finish(tx, ctx.dry_run)?;
    emit_change(
        ctx,
        Change {
            list: kind.as_str(),
            article: kind.article(),
            added: Some(names_of(&added)),
            removed: None,
            already_listed: Some(already),
            file: None,
            lists_version: version,
        },
    )
}

fn names_of(entries: &[lists::Entry]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for e in entries {
        if !names.contains(&e.name) {
            names.push(e.name.clone());
        }
    }
    names
}

fn remove(kind: ListKind, names: &[String], ctx: &Ctx) -> Result<()> {
    let keyed = keyed(names)?;
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let mut removed: Vec<lists::Entry> = Vec::new();
    let mut removed_keys = Vec::new();
    for (name, key) in &keyed {
        // Checked one by one before the delete of that key, and the whole
        // transaction rolls back on a miss: nothing changes. Every entry
        // under the key goes: the key is what a name matches.
        let entries = store::lists::delete(&tx, kind, key)?;
        if !entries.is_empty() {
            removed.extend(entries);
            removed_keys.push(key);
        } else if !removed_keys.contains(&key) {
            return Err(
                Error::not_found(format!("{name} is not on the {kind} list (key {key})"))
                    .with_hint(format!("`ptreg list show {kind}` prints the list")),
            );
        }
    }
    let version = record(
        &tx,
        ctx,
        kind,
        journal::Kind::ListRemove,
        json!({ "names": names }),
        &removed,
    )?;
    store::finish(tx, ctx.dry_run)?;
    emit_change(
        ctx,
        Change {
            list: kind.as_str(),
            article: kind.article(),
            added: None,
            removed: Some(names_of(&removed)),
            already_listed: None,
            file: None,
            lists_version: version,
        },
    )
}

fn import(
    kind: ListKind,
    path: &std::path::Path,
    column: Option<&str>,
    parishes: bool,
    ctx: &Ctx,
) -> Result<()> {
    let shown = path.display().to_string();
    let bytes = super::read_input(path, super::LIST_LIMIT)?;
    let source = format!("import:{shown}");
    let entries = if parishes {
        parish_entries(kind, &bytes, &shown, &source)?
    } else {
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let lines = file::names(&bytes, &shown, is_csv, column)?;
        let mut entries = Vec::with_capacity(lines.len());
        for (line, name) in lines {
            let key = lists::entry_key(&name)
                .map_err(|why| Error::usage(format!("{shown}: line {line}: {why}")))?;
            entries.push(lists::Entry {
                list: kind,
                key,
                name,
                detail: String::new(),
                language: String::new(),
                source: source.clone(),
            });
        }
        entries
    };
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let from = Provenance {
        actor: &ctx.actor,
        at: ctx.now,
    };
    let (added, already) = if parishes {
        insert_entries(&tx, &entries, &from)?
    } else {
        insert_all(&tx, &entries, &from)?
    };
    let inputs = json!({
        "file": shown,
        "column": column,
        "parishes": parishes,
        "sha256": hex::encode(sha2::Sha256::digest(&bytes)),
        "names": entries.len(),
    });
    let version = record(&tx, ctx, kind, journal::Kind::ListImport, inputs, &added)?;
    store::finish(tx, ctx.dry_run)?;
    emit_change(
        ctx,
        Change {
            list: kind.as_str(),
            article: kind.article(),
            added: Some(names_of(&added)),
            removed: None,
            already_listed: Some(already),
            file: Some(shown),
            lists_version: version,
        },
    )
}

/// The entries of a list of parishes: each parish, the parts of unions and
/// the names before brackets, each saying which parish it is.
fn parish_entries(
    kind: ListKind,
    bytes: &[u8],
    shown: &str,
    source: &str,
) -> Result<Vec<lists::Entry>> {
    if kind != ListKind::Geographic {
        return Err(Error::usage(
            "--parishes reads a list of parishes, which are geographic names (Art. 7.1.b): \
             use it with `list import geographic`",
        ));
    }
    let rows =
        lists::parishes::read(bytes).map_err(|why| Error::usage(format!("{shown}: {why}")))?;
    let mut entries = Vec::new();
    for row in &rows {
        for n in lists::parishes::names(row) {
            let key = lists::fold_key(&n.name);
            if key.is_empty() {
                continue;
            }
            entries.push(lists::Entry {
                list: kind,
                key,
                name: n.name,
                detail: n.detail,
                language: "pt".to_string(),
                source: source.to_string(),
            });
        }
    }
    Ok(entries)
}

/// Inserts each entry whose key is not on the list yet (a name by hand or
/// from a plain file adds nothing to a key already listed); returns the
/// entries added and the names already listed (repeats within the same
/// request included).
fn insert_all(
    conn: &rusqlite::Connection,
    entries: &[lists::Entry],
    from: &Provenance<'_>,
) -> Result<(Vec<lists::Entry>, Vec<String>)> {
    let mut added = Vec::new();
    let mut already = Vec::new();
    for entry in entries {
        if !store::lists::has_key(conn, entry.list, &entry.key)?
            && store::lists::insert(conn, entry, from)?
        {
            added.push(entry.clone());
        } else {
            already.push(entry.name.clone());
        }
    }
    Ok((added, already))
}

/// Inserts each entry that is not there yet (the same list, key, name and
/// detail): entries that say what they name are kept side by side under a
/// shared key.
fn insert_entries(
    conn: &rusqlite::Connection,
    entries: &[lists::Entry],
    from: &Provenance<'_>,
) -> Result<(Vec<lists::Entry>, Vec<String>)> {
    let mut added = Vec::new();
    let mut already = Vec::new();
    for entry in entries {
        if store::lists::insert(conn, entry, from)? {
            added.push(entry.clone());
        } else {
            already.push(entry.name.clone());
        }
    }
    Ok((added, already))
}

/// Bumps the lists version and journals the change, when there is one;
/// returns the lists version now in force.
fn record(
    conn: &rusqlite::Connection,
    ctx: &Ctx,
    kind: ListKind,
    command: journal::Kind,
    mut inputs: serde_json::Value,
    changed: &[lists::Entry],
) -> Result<i64> {
    if changed.is_empty() {
        return journal::lists_version(conn);
    }
    let version = store::lists::bump_version(conn)?;
    let policy = store::policy::in_force(conn, ctx.now)?;
    inputs["list"] = kind.as_str().into();
    journal::append(
        conn,
        &ctx.stamp(),
        &policy.digest,
        Entry {
            command,
            article: Some(kind.article()),
            domain: None,
            inputs,
            outcome: json!({
                "list": kind.as_str(),
                "changed": names_of(changed),
                "entries": changed.iter().map(journaled).collect::<Vec<_>>(),
                "lists_version": version,
            }),
        },
    )?;
    Ok(version)
}
fn emit_change(ctx: &Ctx, change: Change) -> Result<()> {
    let dry = if ctx.dry_run {
        " (dry run: nothing changed)"
    } else {
        ""
    };
    render::emit(ctx, &change, |c| {
        let mut out = Vec::new();
        let from = c
            .file
            .as_ref()
            .map_or(String::new(), |f| format!(" from {f}"));
        if let Some(added) = &c.added {
            out.push(format!(
                "added {} {} to the {} list{from} [Art. {}]{dry}",
                added.len(),
                plural(added.len()),
                c.list,
                c.article
            ));
            if c.file.is_none() {
                out.extend(added.iter().map(|n| format!("  + {n}")));
            }
        }
        if let Some(removed) = &c.removed {
            out.push(format!(
                "removed {} {} from the {} list [Art. {}]{dry}",
                removed.len(),
                plural(removed.len()),
                c.list,
                c.article
            ));
            out.extend(removed.iter().map(|n| format!("  - {n}")));
        }
        if let Some(already) = c.already_listed.as_ref().filter(|a| !a.is_empty()) {
            out.push(format!(
                "already listed: {} {}",
                already.len(),
                plural(already.len())
            ));
            if c.file.is_none() {
                out.extend(already.iter().map(|n| format!("  = {n}")));
            }
        }
        out.join("\n")
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "name" } else { "names" }
}

/// The TSV/CSV columns of `list show` (the JSON field names).
const SHOW_HEADER: &[&str] = &[
    "list", "name", "key", "detail", "language", "source", "added_by", "added_at",
];

/// `list show KIND [NAME]`: every entry (or those under NAME's key), with
/// what it names, its languages and where it came from, as they are read.
fn show(
    kind: ListKind,
    name: Option<&str>,
    format: &crate::cli::ListFormat,
    ctx: &Ctx,
) -> Result<()> {
    let key = name
        .map(|n| lists::entry_key(n).map_err(Error::usage))
        .transpose()?;
    let format = ctx.list_format(format)?;
    let mut store = super::open(ctx)?;
    let tx = store.read()?;
    if let (Some(name), Some(key)) = (name, &key)
        && !store::lists::has_key(&tx, kind, key)?
    {
        return Err(
            Error::not_found(format!("{name} is not on the {kind} list (key {key})"))
                .with_hint(format!("`ptreg list show {kind}` prints the list")),
        );
    }
    let mut listing =
        render::list::Listing::new(format, SHOW_HEADER, |e: &store::lists::Stored| {
            vec![
                e.entry.list.to_string(),
                e.entry.name.clone(),
                e.entry.key.clone(),
                e.entry.detail.clone(),
                e.entry.language.clone(),
                e.entry.source.clone(),
                e.added_by.clone(),
                e.added_at.clone(),
            ]
        })?;
    store::lists::entries(&tx, kind, key.as_deref(), |e| listing.push(e))?;
    listing.finish(|list| {
        if list.is_empty() {
            return format!("the {kind} list is empty");
        }
        render::table(
            &[
                "name", "key", "names", "language", "source", "added_by", "added_at",
            ],
            list.iter().map(|e| {
                vec![
                    e.entry.name.clone(),
                    e.entry.key.clone(),
                    e.entry.detail.clone(),
                    e.entry.language.clone(),
                    e.entry.source.clone(),
                    e.added_by.clone(),
                    e.added_at.clone(),
                ]
            }),
        )
    })?;
    Ok(())
}

/// What `list refresh` did.
#[derive(Serialize)]
struct Refreshed {
    /// Built-in entries of this ptreg the registry did not hold.
    added: usize,
    /// Built-in entries of an earlier ptreg that this one no longer ships.
    removed: usize,
    /// Per list: (added, removed).
    lists: std::collections::BTreeMap<&'static str, (usize, usize)>,
    lists_version: i64,
}

/// `list refresh`: brings the built-in entries to those this ptreg ships.
/// Entries added by hand or imported are left as they are, and a key someone
/// took off a list with `list remove` stays off (a removal is a decision; a
/// refresh adds what this ptreg ships that the registry lacks, and takes out
/// the built-in entries of an earlier ptreg that this one no longer ships).
fn refresh(ctx: &Ctx) -> Result<()> {
    let shipped = lists::built_in();
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let from = Provenance {
        actor: &ctx.actor,
        at: ctx.now,
    };
    let held = store::lists::all(&tx)?;
    let removed_by_hand = store::lists::removed_by_hand(&tx)?;
    let id = |e: &lists::Entry| (e.list, e.key.clone(), e.name.clone(), e.detail.clone());
    let held_ids: std::collections::HashSet<_> = held.iter().map(id).collect();
    let shipped_ids: std::collections::HashSet<_> = shipped.iter().map(id).collect();
    let mut added = Vec::new();
    for e in &shipped {
        let was_removed = removed_by_hand.contains(&(e.list, e.key.clone()));
        if !held_ids.contains(&id(e)) && !was_removed && store::lists::insert(&tx, e, &from)? {
            added.push(e.clone());
        }
    }
    let mut removed = Vec::new();
    for e in &held {
        if e.source.starts_with("built-in:")
            && !shipped_ids.contains(&id(e))
            && store::lists::delete_entry(&tx, e)?
        {
            removed.push(e.clone());
        }
    }
    let mut per_list = std::collections::BTreeMap::new();
    for e in &added {
        per_list.entry(e.list.as_str()).or_insert((0, 0)).0 += 1;
    }
    for e in &removed {
        per_list.entry(e.list.as_str()).or_insert((0, 0)).1 += 1;
    }
    let version = if added.is_empty() && removed.is_empty() {
        journal::lists_version(&tx)?
    } else {
        let version = store::lists::bump_version(&tx)?;
        let policy = store::policy::in_force(&tx, ctx.now)?;
        journal::append(
            &tx,
            &ctx.stamp(),
            &policy.digest,
            Entry {
                command: journal::Kind::ListRefresh,
                article: None,
                domain: None,
                inputs: json!({ "built_in": shipped.len() }),
                outcome: json!({
                    "added": added.iter().map(journaled_with_list).collect::<Vec<_>>(),
                    "removed": removed.iter().map(journaled_with_list).collect::<Vec<_>>(),
                    "lists_version": version,
                }),
            },
        )?;
        version
    };
    store::finish(tx, ctx.dry_run)?;
    let result = Refreshed {
        added: added.len(),
        removed: removed.len(),
        lists: per_list,
        lists_version: version,
    };
    let dry = if ctx.dry_run {
        " (dry run: nothing changed)"
    } else {
        ""
    };
    render::emit(ctx, &result, |r| {
        let mut out = vec![format!(
            "built-in lists refreshed: {} entries added, {} removed (lists version {}){dry}",
            r.added, r.removed, r.lists_version
        )];
        for (list, (a, d)) in &r.lists {
            out.push(format!("  {list}: +{a} -{d}"));
        }
        out.join("\n")
    })
}

/// A journaled entry with its list in front: `[list, key, name, detail,
/// language, source]` (a refresh changes several lists at once).
fn journaled_with_list(entry: &lists::Entry) -> serde_json::Value {
    let mut v = journaled(entry);
    if let Some(items) = v.as_array_mut() {
        items.insert(0, entry.list.as_str().into());
    }
    v
}
