//! `ptreg list add|remove|show|import KIND`: the name lists the
//! admissibility rules consult (SPEC §4). Every change is one transaction,
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
        ListCommand::Add { kind, names } => add(kind.into(), &names, ctx),
        ListCommand::Remove { kind, names } => remove(kind.into(), &names, ctx),
        ListCommand::Show { kind, format } => show(kind.into(), &format, ctx),
        ListCommand::Import { kind, file, column } => {
            import(kind.into(), &file, column.as_deref(), ctx)
        }
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

fn add(kind: ListKind, names: &[String], ctx: &Ctx) -> Result<()> {
    let keyed = keyed(names)?;
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let from = Provenance {
        source: "list add",
        actor: &ctx.actor,
        at: ctx.now,
    };
    let (added, already) = insert_all(&tx, kind, &keyed, &from)?;
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
            added: Some(added),
            removed: None,
            already_listed: Some(already),
            file: None,
            lists_version: version,
        },
    )
}

fn remove(kind: ListKind, names: &[String], ctx: &Ctx) -> Result<()> {
    let keyed = keyed(names)?;
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let mut removed = Vec::new();
    let mut removed_keys = Vec::new();
    for (name, key) in &keyed {
        // Checked one by one before the delete of that key, and the whole
        // transaction rolls back on a miss: nothing changes.
        match store::lists::find(&tx, kind, key)? {
            Some(entry) => {
                store::lists::delete(&tx, kind, key)?;
                removed.push(entry.name);
                removed_keys.push(key);
            }
            None if removed_keys.contains(&key) => {}
            None => {
                return Err(Error::not_found(format!(
                    "{name} is not on the {kind} list (key {key})"
                ))
                .with_hint(format!("`ptreg list show {kind}` prints the list")));
            }
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
            removed: Some(removed),
            already_listed: None,
            file: None,
            lists_version: version,
        },
    )
}

fn import(kind: ListKind, path: &std::path::Path, column: Option<&str>, ctx: &Ctx) -> Result<()> {
    let shown = path.display().to_string();
    let bytes = super::read_input(path, super::LIST_LIMIT)?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let lines = file::names(&bytes, &shown, is_csv, column)?;
    let mut keyed = Vec::with_capacity(lines.len());
    for (line, name) in lines {
        let key = lists::entry_key(&name)
            .map_err(|why| Error::usage(format!("{shown}: line {line}: {why}")))?;
        keyed.push((name, key));
    }
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let source = format!("import:{shown}");
    let from = Provenance {
        source: &source,
        actor: &ctx.actor,
        at: ctx.now,
    };
    let (added, already) = insert_all(&tx, kind, &keyed, &from)?;
    let inputs = json!({
        "file": shown,
        "column": column,
        "sha256": hex::encode(sha2::Sha256::digest(&bytes)),
        "names": keyed.len(),
    });
    let version = record(&tx, ctx, kind, journal::Kind::ListImport, inputs, &added)?;
    store::finish(tx, ctx.dry_run)?;
    emit_change(
        ctx,
        Change {
            list: kind.as_str(),
            article: kind.article(),
            added: Some(added),
            removed: None,
            already_listed: Some(already),
            file: Some(shown),
            lists_version: version,
        },
    )
}

/// Inserts each (name, key); returns the names added and those already on
/// the list (including repeats within the same request).
fn insert_all(
    conn: &rusqlite::Connection,
    kind: ListKind,
    keyed: &[(String, String)],
    from: &Provenance<'_>,
) -> Result<(Vec<String>, Vec<String>)> {
    let mut added = Vec::new();
    let mut already = Vec::new();
    for (name, key) in keyed {
        if store::lists::insert(conn, kind, name, key, from)? {
            added.push(name.clone());
        } else {
            already.push(name.clone());
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
    changed: &[String],
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
                "changed": changed,
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
const SHOW_HEADER: &[&str] = &["kind", "name", "key", "source", "added_by", "added_at"];

fn show(kind: ListKind, format: &crate::cli::ListFormat, ctx: &Ctx) -> Result<()> {
    let format = ctx.list_format(format)?;
    let mut store = super::open(ctx)?;
    let tx = store.read()?;
    let mut listing =
        render::list::Listing::new(format, SHOW_HEADER, |e: &store::lists::Entry| {
            vec![
                e.kind.to_string(),
                e.name.clone(),
                e.key.clone(),
                e.source.clone(),
                e.added_by.clone(),
                e.added_at.clone(),
            ]
        })?;
    store::lists::entries(&tx, kind, |e| listing.push(e))?;
    listing.finish(|list| {
        if list.is_empty() {
            return format!("the {kind} list is empty");
        }
        render::table(
            &["name", "key", "source", "added_by", "added_at"],
            list.iter().map(|e| {
                vec![
                    e.name.clone(),
                    e.key.clone(),
                    e.source.clone(),
                    e.added_by.clone(),
                    e.added_at.clone(),
                ]
            }),
        )
    })?;
    Ok(())
}
