//! The export format and its restore.
//!
//! An export is JSON Lines: a header `{"type": "ptreg-export", "format": 1,
//! "schema": N}`, then every row of every table as `{"type": TABLE, ...}`
//! in a fixed order (configuration, people, domains with their nameservers
//! and DS nested, ledger, notices, cases, ..., the journal last), rows by
//! id. Importing such a file restores the registry exactly — its policy
//! versions, lists and journal verbatim, so `audit verify` holds and a
//! second export is byte-identical — and therefore needs a registry that
//! holds nothing but its `init` (exit 5 otherwise): the export's journal
//! replaces the init entry, and the restore adds no entry of its own.

use std::collections::HashMap;

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::store::{self, dump};

/// The `type` of the header line.
pub(crate) const HEADER_TYPE: &str = "ptreg-export";
/// The version of the export format.
pub(crate) const FORMAT: i64 = 1;

/// The header line of an export.
pub(crate) fn header() -> Value {
    serde_json::json!({
        "type": HEADER_TYPE,
        "format": FORMAT,
        "schema": store::SCHEMA_VERSION,
    })
}

/// Whether a first line is an export header.
pub(crate) fn is_header(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| {
            v.get("type")
                .and_then(|t| t.as_str())
                .map(|t| t == HEADER_TYPE)
        })
        .unwrap_or(false)
}

/// A restore in progress.
pub(crate) struct Restorer<'c> {
    conn: &'c Connection,
    columns: HashMap<String, Vec<String>>,
    pub(crate) rows: u64,
    pub(crate) domains: u64,
}

impl<'c> Restorer<'c> {
    /// Checks the header and that the registry is fresh, then empties it.
    pub(crate) fn start(conn: &'c Connection, header_text: &str) -> Result<Restorer<'c>> {
        let h: Value = serde_json::from_str(header_text)
            .map_err(|e| Error::usage("line 1: bad export header").with_cause(e))?;
        let format = h.get("format").and_then(Value::as_i64);
        let schema = h.get("schema").and_then(Value::as_i64);
        if format != Some(FORMAT) || schema != Some(store::SCHEMA_VERSION) {
            return Err(Error::usage(format!(
                "line 1: an export of format {format:?}, schema {schema:?}; this ptreg reads \
                 format {FORMAT}, schema {}",
                store::SCHEMA_VERSION
            )));
        }
        if !dump::is_fresh(conn)? {
            return Err(Error::conflict(
                "a full export restores a whole registry and needs a fresh one",
            )
            .with_hint(
                "run `ptreg --db NEW init` and import into NEW; to add domains to this \
                 registry, import a CSV or JSON Lines file of domain records",
            ));
        }
        let tables = dump::tables(conn)?;
        let mut columns = HashMap::new();
        for t in &tables {
            columns.insert(t.clone(), dump::columns(conn, t)?);
        }
        dump::clear_all(conn, &tables)?;
        Ok(Restorer {
            conn,
            columns,
            rows: 0,
            domains: 0,
        })
    }

    /// Restores one record; a bad one stops the restore (it is all or
    /// nothing: a registry restored in part is not the one exported).
    pub(crate) fn record(&mut self, line: u64, text: &str) -> Result<()> {
        let at = |msg: String| Error::usage(format!("line {line}: {msg}"));
        let v: Value = super::strict_json::parse(text).map_err(|e| at(format!("not JSON: {e}")))?;
        let Value::Object(mut m) = v else {
            return Err(at("not a JSON object".to_string()));
        };
        let table = match m.remove("type") {
            Some(Value::String(t)) => t,
            _ => return Err(at("no \"type\"".to_string())),
        };
        if table == "nameserver" || table == "ds" {
            return Err(at(format!("{table} rows come nested in their domain")));
        }
        if table == "domain"
            && m.get("state").and_then(Value::as_str) == Some("removed")
            && m.get("removed").is_none_or(Value::is_null)
            && let Some(since) = m.get("state_since").cloned()
        {
            // A removed row is one with a removal time (the name index
            // tells live rows by it); an older file may lack it.
            m.insert("removed".to_string(), since);
        }
        let (nameservers, ds) = if table == "domain" {
            (m.remove("nameservers"), m.remove("ds"))
        } else {
            (None, None)
        };
        let cols = self
            .columns
            .get(&table)
            .ok_or_else(|| at(format!("unknown table {table:?}")))?;
        let mut row: Vec<(&str, SqlValue)> = Vec::with_capacity(m.len());
        for (k, v) in &m {
            let col = cols
                .iter()
                .find(|c| *c == k)
                .ok_or_else(|| at(format!("unknown column {k:?} of {table}")))?;
            row.push((col.as_str(), dump::from_json(v).map_err(|e| at(e.message))?));
        }
        dump::insert_row(self.conn, &table, &row).map_err(|e| at(e.human()))?;
        self.rows += 1;
        if table == "domain" {
            let id = m
                .get("id")
                .and_then(Value::as_i64)
                .ok_or_else(|| at("a domain record without its id".to_string()))?;
            self.children(id, nameservers, ds)
                .map_err(|e| at(e.message))?;
            self.domains += 1;
        }
        Ok(())
    }

    fn children(&self, id: i64, nameservers: Option<Value>, ds: Option<Value>) -> Result<()> {
        for (pos, ns) in as_array(nameservers, "nameservers")?.iter().enumerate() {
            let host = ns
                .get("host")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::usage("a nameserver without its host"))?;
            let addresses = as_array(ns.get("addresses").cloned(), "addresses")?
                .iter()
                .map(|a| a.as_str().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
                .join(" ");
            dump::insert_row(
                self.conn,
                "nameserver",
                &[
                    ("domain_id", SqlValue::Integer(id)),
                    ("pos", SqlValue::Integer(pos as i64)),
                    ("host", SqlValue::Text(host.to_string())),
                    ("addresses", SqlValue::Text(addresses)),
                ],
            )?;
        }
        for (pos, d) in as_array(ds, "ds")?.iter().enumerate() {
            let rdata = d
                .as_str()
                .ok_or_else(|| Error::usage("a DS record that is not a string"))?;
            dump::insert_row(
                self.conn,
                "ds",
                &[
                    ("domain_id", SqlValue::Integer(id)),
                    ("pos", SqlValue::Integer(pos as i64)),
                    ("rdata", SqlValue::Text(rdata.to_string())),
                ],
            )?;
        }
        Ok(())
    }
}

fn as_array(v: Option<Value>, what: &str) -> Result<Vec<Value>> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(Error::usage(format!("{what} must be an array"))),
    }
}
