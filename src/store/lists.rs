//! TEMPORARY stub of the interface `names` is building; reverted before merge.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::rules::names::{DomainName, Facts};

pub(crate) fn facts(conn: &Connection, name: &DomainName) -> Result<Facts> {
    let registered = conn
        .query_row(
            "SELECT 1 FROM domain WHERE name = ?1 AND state <> 'removed'",
            [&name.ascii],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    let mut stmt = conn.prepare("SELECT kind, name FROM list_entry WHERE key = ?1")?;
    let listed = stmt
        .query_map([name.label.replace('-', "")], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Facts { registered, listed })
}
