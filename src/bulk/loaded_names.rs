//! The duplicate check of a load into an empty registry. Such a load drops
//! the unique index of live names with the other indexes and builds it once
//! at the end (`store::bulk::drop_indexes_if_empty`): kept during the load,
//! it made the storing thread (the slower of the two, `bulk::input::csv`)
//! do a random B-tree insert per row. Meanwhile the names stored so far are
//! known here by a 64-bit hash and their row; two names with one hash are
//! told apart by reading the stored name, and the second is kept whole, so
//! the check is exact. About 17 bytes per name (34 MiB at 2 M names).

use std::collections::hash_map::{DefaultHasher, Entry};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use crate::error::Result;

/// The names a load has stored.
pub(crate) struct LoadedNames {
    hash: fn(&str) -> u64,
    by_hash: HashMap<u64, i64>,
    /// Stored names whose hash an earlier stored name already had.
    collided: HashSet<String>,
}

fn sip(name: &str) -> u64 {
    let mut h = DefaultHasher::new();
    name.hash(&mut h);
    h.finish()
}

impl Default for LoadedNames {
    fn default() -> LoadedNames {
        LoadedNames::with_hash(sip)
    }
}

impl LoadedNames {
    fn with_hash(hash: fn(&str) -> u64) -> LoadedNames {
        LoadedNames {
            hash,
            by_hash: HashMap::new(),
            collided: HashSet::new(),
        }
    }

    /// Whether `name` is stored already; `stored_name` reads the name of a
    /// stored row (called only when a stored name has the same hash).
    pub(crate) fn contains(
        &self,
        name: &str,
        stored_name: impl FnOnce(i64) -> Result<String>,
    ) -> Result<bool> {
        match self.by_hash.get(&(self.hash)(name)) {
            None => Ok(false),
            Some(_) if self.collided.contains(name) => Ok(true),
            Some(&id) => Ok(stored_name(id)? == name),
        }
    }

    /// Records that `name`, not stored before (see [`LoadedNames::contains`]),
    /// is now stored as row `id`.
    pub(crate) fn insert(&mut self, name: &str, id: i64) {
        match self.by_hash.entry((self.hash)(name)) {
            Entry::Vacant(v) => {
                v.insert(id);
            }
            Entry::Occupied(_) => {
                self.collided.insert(name.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads `names` in order as rows 1, 2, ...; returns the ones found
    /// already stored.
    fn load(mut set: LoadedNames, names: &[&str]) -> Vec<String> {
        let mut rows: Vec<String> = Vec::new();
        let mut duplicates = Vec::new();
        for name in names {
            let stored = |id: i64| Ok(rows[id as usize - 1].clone());
            if set.contains(name, stored).unwrap() {
                duplicates.push(name.to_string());
            } else {
                rows.push(name.to_string());
                set.insert(name, rows.len() as i64);
            }
        }
        duplicates
    }

    #[test]
    fn finds_the_names_stored_before() {
        let names = ["a.pt", "b.pt", "a.pt", "c.com.pt", "b.pt", "a.pt"];
        assert_eq!(
            load(LoadedNames::default(), &names),
            vec!["a.pt", "b.pt", "a.pt"]
        );
    }

    #[test]
    fn is_exact_when_every_hash_collides() {
        let names = ["a.pt", "b.pt", "c.pt", "b.pt", "a.pt", "c.pt", "d.pt"];
        let one_hash = LoadedNames::with_hash(|_| 7);
        assert_eq!(load(one_hash, &names), vec!["b.pt", "a.pt", "c.pt"]);
    }

    #[test]
    fn reads_a_stored_name_only_when_a_hash_matches() {
        let mut set = LoadedNames::default();
        set.insert("a.pt", 1);
        let never = |_| -> Result<String> { panic!("no stored name has this hash") };
        assert!(!set.contains("z.pt", never).unwrap());
    }
}
