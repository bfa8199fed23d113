//! `ptreg registrar credentials ID --password-file FILE [--cert-sha256 HEX]...
//! [--allow-from CIDR]...`: a registrar's EPP access. The password is stored
//! only as an Argon2id hash and never journaled; the pins and networks are.

use std::path::Path;

use serde::Serialize;
use serde_json::json;

use crate::context::Ctx;
use crate::credentials;
use crate::error::{Error, Result};
use crate::journal::{self, Entry};
use crate::render;
use crate::store::{self, epp::Credential};

/// The largest password file read.
const PASSWORD_FILE_LIMIT: u64 = 4096;

#[derive(Serialize)]
struct Shown {
    registrar: String,
    cert_sha256: Vec<String>,
    allow_from: Vec<String>,
}

pub(crate) fn run(
    id: &str,
    password_file: &Path,
    certs: &[String],
    nets: &[String],
    ctx: &Ctx,
) -> Result<()> {
    let bytes = super::read_input(password_file, PASSWORD_FILE_LIMIT)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::usage(format!(
            "{}: the password is not UTF-8 text",
            password_file.display()
        ))
    })?;
    let password = text.lines().next().unwrap_or("");
    credentials::check_password(password)
        .map_err(|e| Error::usage(format!("{}: {e}", password_file.display())))?;
    let cert_sha256 = certs
        .iter()
        .map(|c| {
            credentials::parse_fingerprint(c)
                .map_err(|e| Error::usage(format!("--cert-sha256 {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let allow_from = nets
        .iter()
        .map(|n| {
            credentials::parse_network(n).map_err(|e| Error::usage(format!("--allow-from {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let password_hash = credentials::hash_password(password).map_err(Error::internal)?;
    let mut store = super::open(ctx)?;
    let tx = store.write()?;
    let policy = store::policy::in_force(&tx, ctx.now)?;
    let registrar = store::contacts::get_registrar(&tx, id)?;
    if let Some(when) = registrar.withdrawn {
        return Err(Error::conflict(format!(
            "registrar {id} was withdrawn on {} (Art. 15.2); it has no EPP access",
            crate::rules::periods::fmt_time(when)
        )));
    }
    let cred = Credential {
        registrar: registrar.id.clone(),
        password_hash,
        cert_sha256,
        allow_from,
    };
    store::epp::set_credential(&tx, &cred, ctx.now)?;
    let shown = Shown {
        registrar: cred.registrar,
        cert_sha256: cred.cert_sha256,
        allow_from: cred.allow_from,
    };
    journal::append(
        &tx,
        &ctx.stamp(),
        &policy.digest,
        Entry {
            command: journal::Kind::RegistrarCredentials,
            article: None,
            domain: None,
            inputs: json!({ "id": id, "password": "set" }),
            outcome: serde_json::to_value(&shown)?,
        },
    )?;
    store::finish(tx, ctx.dry_run)?;
    if ctx.dry_run {
        ctx.status("dry run: the credentials would be set; nothing was changed");
    }
    render::emit(ctx, &shown, |s| {
        let or_any = |v: &[String]| {
            if v.is_empty() {
                "any".to_string()
            } else {
                v.join(" ")
            }
        };
        format!(
            "EPP credentials of {} set\ncertificates: {}\nnetworks:     {}",
            s.registrar,
            or_any(&s.cert_sha256),
            or_any(&s.allow_from)
        )
    })
}
