//! `ptreg doctor`: checks a registry file for cron — SQLite integrity,
//! foreign keys and orphans, the journal chain, the schema version and the
//! file's privacy. Exit 1 when any check fails.

use serde::Serialize;

use crate::commands::open;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::journal::{self, Verdict};
use crate::render;
use crate::store::SCHEMA_VERSION;

#[derive(Serialize)]
struct Check {
    check: &'static str,
    ok: bool,
    detail: String,
}

#[derive(Serialize)]
struct Report {
    ok: bool,
    checks: Vec<Check>,
}

pub(crate) fn run(ctx: &Ctx) -> Result<()> {
    let mut store = open(ctx)?;
    let tx = store.read()?;
    let mut checks = Vec::new();

    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    checks.push(Check {
        check: "schema",
        ok: version == SCHEMA_VERSION,
        detail: format!("version {version} (this ptreg writes {SCHEMA_VERSION})"),
    });

    let integrity: Vec<String> = tx
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let intact = integrity.len() == 1 && integrity[0] == "ok";
    checks.push(Check {
        check: "integrity",
        ok: intact,
        detail: integrity.join("; "),
    });

    let fk_problems: i64 = tx
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |_| Ok(()))?
        .count() as i64;
    checks.push(Check {
        check: "foreign keys",
        ok: fk_problems == 0,
        detail: format!("{fk_problems} rows point at missing records"),
    });

    let orphans: i64 = tx.query_row(
        "SELECT (SELECT COUNT(*) FROM nameserver n WHERE NOT EXISTS
                    (SELECT 1 FROM domain d WHERE d.id = n.domain_id))
              + (SELECT COUNT(*) FROM ds s WHERE NOT EXISTS
                    (SELECT 1 FROM domain d WHERE d.id = s.domain_id))
              + (SELECT COUNT(*) FROM conformity_case c WHERE NOT EXISTS
                    (SELECT 1 FROM domain d WHERE d.id = c.domain_id))",
        [],
        |r| r.get(0),
    )?;
    checks.push(Check {
        check: "orphans",
        ok: orphans == 0,
        detail: format!("{orphans} nameserver, DS or case rows without their domain"),
    });

    let (ok, detail) = match journal::verify(&tx)? {
        Verdict::Ok { entries } => (true, format!("{entries} entries, chain intact")),
        Verdict::Broken { first_bad } => (false, format!("chain broken at entry {first_bad}")),
    };
    checks.push(Check {
        check: "journal",
        ok,
        detail,
    });

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&ctx.db)?.permissions().mode() & 0o777;
        checks.push(Check {
            check: "file mode",
            ok: mode & 0o077 == 0,
            detail: format!("{mode:o} (personal data: 600 expected)"),
        });
    }

    let report = Report {
        ok: checks.iter().all(|c| c.ok),
        checks,
    };
    render::emit(ctx, &report, |r| {
        r.checks
            .iter()
            .map(|c| {
                format!(
                    "{} {:<13} {}",
                    if c.ok { "ok  " } else { "FAIL" },
                    c.check,
                    c.detail
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    if report.ok {
        Ok(())
    } else {
        Err(Error::internal(
            "the registry file failed a check (see above)",
        ))
    }
}
