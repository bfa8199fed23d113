//! The built-in list entries `init` seeds and `list refresh` brings up to
//! date. They are derived from the data files in `lists/` (by `derive.rs`,
//! in the tests) into one compact table, `lists/built_in.tsv`, which the
//! binary embeds: rows ready to store, so `init` folds, merges and splits
//! nothing.
//!
//! Four kinds of data file, each entry keeping where it came from:
//!
//! - curated text files (`*.txt`): one name a line; a `#` comment line after
//!   a blank line heads a section (it becomes part of what each name below
//!   names), a `#` after a name is a note on that name;
//! - curated tables (`*.tsv` without `.cldr`): `NAME<TAB>WHAT<TAB>LANGUAGES`,
//!   `#` lines are comments;
//! - generated CLDR tables (`*.cldr.tsv`, by `scripts/lists/cldr_names.py`):
//!   `NAME<TAB>PLACE<TAB>LANGUAGES`, the first line naming the CLDR version;
//! - the official list of parishes (`freguesias.csv`), turned into names by
//!   [`super::parishes`].
//!
//! Entries with the same list, key, name and detail from several files are
//! one entry with the languages and sources of all.

use super::{Entry, ListKind};

/// The compact table: `@s` lines give the sources, `@d` lines the details
/// (both by their index, in order), then one entry a line:
/// `LIST<TAB>KEY<TAB>NAME<TAB>DETAIL#<TAB>LANGUAGES<TAB>SOURCE#`, LIST being
/// the first letter of the list's name.
const TABLE: &str = include_str!("built_in.tsv");

/// Every built-in entry, in list and key order. A line that does not parse
/// is skipped (the tests check the table reads whole).
pub(crate) fn built_in() -> Vec<Entry> {
    let mut sources: Vec<&str> = Vec::new();
    let mut details: Vec<&str> = Vec::new();
    let mut out = Vec::with_capacity(TABLE.len() / 40);
    for line in TABLE.lines() {
        if let Some(source) = line.strip_prefix("@s\t") {
            sources.push(source);
        } else if let Some(detail) = line.strip_prefix("@d\t") {
            details.push(detail);
        } else if let Some(entry) = row(line, &sources, &details) {
            out.push(entry);
        }
    }
    out
}

fn row(line: &str, sources: &[&str], details: &[&str]) -> Option<Entry> {
    let mut cols = line.split('\t');
    let list = match cols.next()? {
        "g" => ListKind::Geographic,
        "p" => ListKind::Protected,
        "o" => ListKind::Obscene,
        "b" => ListKind::Blocked,
        "r" => ListKind::Reserved,
        _ => return None,
    };
    let key = cols.next()?;
    let name = cols.next()?;
    let detail = details.get(cols.next()?.parse::<usize>().ok()?)?;
    let language = cols.next()?;
    let source = sources.get(cols.next()?.parse::<usize>().ok()?)?;
    Some(Entry {
        list,
        key: key.to_string(),
        name: name.to_string(),
        detail: detail.to_string(),
        language: language.to_string(),
        source: source.to_string(),
    })
}

/// The compact table of `entries` (what `built_in.tsv` holds).
#[cfg(test)]
fn table(entries: &[Entry]) -> String {
    let mut sources = Indexed::default();
    let mut details = Indexed::default();
    let mut rows = String::new();
    for e in entries {
        let s = sources.index(&e.source);
        let d = details.index(&e.detail);
        let list = &e.list.as_str()[..1];
        rows.push_str(&format!(
            "{list}\t{}\t{}\t{d}\t{}\t{s}\n",
            e.key, e.name, e.language
        ));
    }
    let mut out = String::from(
        "# The built-in list entries of ptreg, generated from the data files beside\n\
         # this one by src/rules/lists/builtin/derive.rs; do not edit (see there).\n",
    );
    for s in sources.order {
        out.push_str(&format!("@s\t{s}\n"));
    }
    for d in details.order {
        out.push_str(&format!("@d\t{d}\n"));
    }
    out.push_str(&rows);
    out
}

/// Texts numbered in the order first seen.
#[cfg(test)]
#[derive(Default)]
struct Indexed<'a> {
    order: Vec<&'a str>,
    at: std::collections::HashMap<&'a str, usize>,
}

#[cfg(test)]
impl<'a> Indexed<'a> {
    fn index(&mut self, text: &'a str) -> usize {
        *self.at.entry(text).or_insert_with(|| {
            self.order.push(text);
            self.order.len() - 1
        })
    }
}

#[cfg(test)]
mod derive;
#[cfg(test)]
mod tests;
