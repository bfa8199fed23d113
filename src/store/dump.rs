//! The table-by-table dump and restore behind `export` and the import of a
//! full export: every table in a fixed order, every row in a total order,
//! every value as JSON and back.

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use crate::error::{Error, Result};

/// Whether the registry holds nothing but what `init` wrote: one journal
/// entry (`init`) and no contacts, registrars or domains. Only such a
/// registry may receive a full export, whose journal replaces its own.
pub(crate) fn is_fresh(conn: &Connection) -> Result<bool> {
    let entries: i64 = conn.query_row("SELECT count(*) FROM journal", [], |r| r.get(0))?;
    let first: Option<String> = conn
        .query_row(
            "SELECT command FROM journal ORDER BY seq LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    let people: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM contact) + (SELECT count(*) FROM registrar)
              + (SELECT count(*) FROM domain)",
        [],
        |r| r.get(0),
    )?;
    Ok(entries == 1 && first.as_deref() == Some("init") && people == 0)
}

/// The registry's tables in export order: configuration first, then people,
/// then domains, then records that refer to them, the journal last. Tables
/// added later by the schema are picked up by name (after the known ones),
/// so an export never silently leaves one out. The one table left out is
/// `output_file`: where this machine's files are is no registry data (and
/// an export, which records itself there, must not change what it exports).
pub(crate) fn tables(conn: &Connection) -> Result<Vec<String>> {
    const ORDER: &[&str] = &[
        "meta",
        "policy",
        "list_entry",
        "contact",
        "registrar",
        "domain",
        "nameserver",
        "ds",
        "ledger",
        "notice",
        "conformity_case",
        "whois_block",
        "whois_query",
        "zone_export",
    ];
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?;
    let all: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<String> = ORDER
        .iter()
        .filter(|t| all.iter().any(|a| a == *t))
        .map(|t| t.to_string())
        .collect();
    out.extend(
        all.iter()
            .filter(|a| !ORDER.contains(&a.as_str()) && *a != "journal" && *a != "output_file")
            .cloned(),
    );
    if all.iter().any(|a| a == "journal") {
        out.push("journal".to_string());
    }
    Ok(out)
}

/// Tables an export leaves out: the WHOIS query log (the addresses and
/// queries of the public, personal data kept only `[whois] log_days` for
/// abuse control; a restored registry starts a log of its own).
const NOT_EXPORTED: &[&str] = &["whois_query"];

/// The tables an export writes: [`tables`] without [`NOT_EXPORTED`].
pub(crate) fn exported_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut all = tables(conn)?;
    all.retain(|t| !NOT_EXPORTED.contains(&t.as_str()));
    Ok(all)
}

/// The column names of a table, in schema order.
pub(crate) fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", quote(table)))?;
    let cols = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

/// `SELECT` of every row of a table in a stable order: by rowid where the
/// table has one, else by every column (WITHOUT ROWID tables have a primary
/// key, so that order is total).
pub(crate) fn select_all(conn: &Connection, table: &str, columns: &[String]) -> String {
    let cols = columns
        .iter()
        .map(|c| quote(c))
        .collect::<Vec<_>>()
        .join(", ");
    let has_rowid = conn
        .prepare(&format!("SELECT rowid FROM {} LIMIT 0", quote(table)))
        .is_ok();
    let order = if has_rowid {
        "rowid".to_string()
    } else {
        (1..=columns.len())
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("SELECT {cols} FROM {} ORDER BY {order}", quote(table))
}

/// One stored value as JSON. Blobs (none in the schema today) are written as
/// `{"hex": "..."}` so they survive the round trip.
pub(crate) fn to_json(v: ValueRef<'_>) -> serde_json::Value {
    match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => f.into(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => serde_json::json!({ "hex": hex::encode(b) }),
    }
}

/// A JSON value back into a stored value (the inverse of [`to_json`]).
pub(crate) fn from_json(v: &serde_json::Value) -> Result<rusqlite::types::Value> {
    use rusqlite::types::Value;
    Ok(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Object(o) => match o.get("hex").and_then(|h| h.as_str()) {
            Some(h) if o.len() == 1 => {
                Value::Blob(hex::decode(h).map_err(|e| Error::usage(format!("bad hex blob: {e}")))?)
            }
            _ => return Err(Error::usage("a column value may not be an object")),
        },
        serde_json::Value::Array(_) => {
            return Err(Error::usage("a column value may not be an array"));
        }
    })
}

/// Empties every table, for a restore into a fresh registry (whose init
/// entry, policy and lists are replaced by the export's).
pub(crate) fn clear_all(conn: &Connection, tables: &[String]) -> Result<()> {
    // Children before parents, so foreign keys hold at every step.
    for t in tables.iter().rev() {
        conn.execute(&format!("DELETE FROM {}", quote(t)), [])?;
    }
    Ok(())
}

/// Inserts one row given as (column, value) pairs into a table.
pub(crate) fn insert_row(
    conn: &Connection,
    table: &str,
    row: &[(&str, rusqlite::types::Value)],
) -> Result<()> {
    let cols = row.iter().map(|(c, _)| quote(c)).collect::<Vec<_>>();
    let marks = (1..=row.len()).map(|i| format!("?{i}")).collect::<Vec<_>>();
    let sql = format!(
        "INSERT INTO {}({}) VALUES ({})",
        quote(table),
        cols.join(", "),
        marks.join(", ")
    );
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(row.iter().map(|(_, v)| v)))?;
    Ok(())
}

/// An SQL identifier, quoted (table and column names come from the schema,
/// and the restore checks them against it, but quoting costs nothing).
fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// A row as an export record: `{"type": TABLE, COLUMN: VALUE, ...}`.
pub(crate) type Record = serde_json::Map<String, serde_json::Value>;

/// Streams every row of a table, in [`select_all`] order, as records.
pub(crate) fn dump_table(
    conn: &Connection,
    table: &str,
    f: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    let cols = columns(conn, table)?;
    let mut stmt = conn.prepare(&select_all(conn, table, &cols))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f(record(table, &cols, r)?)?;
    }
    Ok(())
}

fn record(table: &str, cols: &[String], r: &rusqlite::Row<'_>) -> Result<Record> {
    let mut m = Record::new();
    m.insert("type".to_string(), table.into());
    for (i, c) in cols.iter().enumerate() {
        m.insert(c.clone(), to_json(r.get_ref(i)?));
    }
    Ok(m)
}

/// Streams every domain row (by id) with its nameservers
/// (`[{"host", "addresses": [...]}]`) and DS records nested, reading the
/// three tables side by side in one pass each.
pub(crate) fn dump_domains(
    conn: &Connection,
    f: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    let cols = columns(conn, "domain")?;
    let mut domains = conn.prepare(&select_all(conn, "domain", &cols))?;
    let mut ns_stmt =
        conn.prepare("SELECT domain_id, host, addresses FROM nameserver ORDER BY domain_id, pos")?;
    let mut ds_stmt = conn.prepare("SELECT domain_id, rdata FROM ds ORDER BY domain_id, pos")?;
    let mut ns_rows = ns_stmt.query([])?;
    let mut ds_rows = ds_stmt.query([])?;
    let mut next_ns: Option<(i64, String, String)> = next_child3(&mut ns_rows)?;
    let mut next_ds: Option<(i64, String)> = match ds_rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    };
    let id_at = cols
        .iter()
        .position(|c| c == "id")
        .ok_or_else(|| Error::internal("the domain table has no id column"))?;
    let mut rows = domains.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(id_at)?;
        let mut m = record("domain", &cols, r)?;
        let mut nameservers = Vec::new();
        while let Some((d, host, addresses)) = next_ns.take() {
            if d > id {
                next_ns = Some((d, host, addresses));
                break;
            }
            if d == id {
                let addrs: Vec<&str> = addresses.split_whitespace().collect();
                nameservers.push(serde_json::json!({ "host": host, "addresses": addrs }));
            }
            next_ns = next_child3(&mut ns_rows)?;
        }
        let mut ds = Vec::new();
        while let Some((d, rdata)) = next_ds.take() {
            if d > id {
                next_ds = Some((d, rdata));
                break;
            }
            if d == id {
                ds.push(serde_json::Value::String(rdata));
            }
            next_ds = match ds_rows.next()? {
                Some(r) => Some((r.get(0)?, r.get(1)?)),
                None => None,
            };
        }
        m.insert("nameservers".to_string(), nameservers.into());
        m.insert("ds".to_string(), ds.into());
        f(m)?;
    }
    Ok(())
}

fn next_child3(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(i64, String, String)>> {
    Ok(match rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?)),
        None => None,
    })
}

/// The number of rows of each table, for a progress bar.
pub(crate) fn count_rows(conn: &Connection, tables: &[String]) -> Result<u64> {
    let mut total = 0u64;
    for t in tables {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {}", quote(t)), [], |r| {
            r.get(0)
        })?;
        total += n.max(0) as u64;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("schema.sql")).unwrap();
        conn
    }

    #[test]
    fn tables_in_export_order_journal_last_and_new_ones_included() {
        let conn = registry();
        conn.execute_batch("CREATE TABLE zzz_new (a INTEGER)")
            .unwrap();
        let t = tables(&conn).unwrap();
        assert_eq!(
            &t[..6],
            [
                "meta",
                "policy",
                "list_entry",
                "contact",
                "registrar",
                "domain"
            ]
        );
        assert_eq!(t.last().map(String::as_str), Some("journal"));
        assert!(t.iter().any(|n| n == "zzz_new"));
        let exported = exported_tables(&conn).unwrap();
        assert!(!exported.iter().any(|n| n == "whois_query"));
        assert!(exported.iter().any(|n| n == "whois_block"));
        assert_eq!(exported.len(), t.len() - 1);
    }

    #[test]
    fn rows_in_a_total_order_with_or_without_rowid() {
        let conn = registry();
        let cols = columns(&conn, "nameserver").unwrap();
        assert_eq!(cols, ["domain_id", "pos", "host", "addresses"]);
        assert!(select_all(&conn, "nameserver", &cols).ends_with("ORDER BY 1, 2, 3, 4"));
        let cols = columns(&conn, "ledger").unwrap();
        assert!(select_all(&conn, "ledger", &cols).ends_with("ORDER BY rowid"));
    }

    #[test]
    fn values_survive_json() {
        use rusqlite::types::Value;
        for v in [
            Value::Null,
            Value::Integer(-7),
            Value::Real(0.25),
            Value::Text("maçã".into()),
            Value::Blob(vec![0, 255]),
        ] {
            let json = to_json(ValueRef::from(&v));
            assert_eq!(from_json(&json).unwrap(), v);
        }
        assert!(from_json(&serde_json::json!([1])).is_err());
        assert!(from_json(&serde_json::json!({"a": 1})).is_err());
    }
}
