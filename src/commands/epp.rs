//! `ptreg epp serve` (the TLS server) and `ptreg epp exec` (one command
//! document as a registrar, without a network): both answer through
//! `serve::epp::Session::handle`.

use std::io::Read;
use std::time::Duration;

use crate::cli::EppCommand;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::serve::epp::{Session, Timeouts, server};
use crate::store;

pub(crate) fn run(cmd: EppCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        EppCommand::Serve {
            listen,
            cert,
            key,
            read_timeout,
            idle_timeout,
        } => {
            let timeouts = Timeouts {
                read: Duration::from_secs(read_timeout.get()),
                idle: Duration::from_secs(idle_timeout.get()),
            };
            server::serve(&listen, &cert, &key, timeouts, ctx)
        }
        EppCommand::Exec { registrar, file } => exec(&registrar, file.as_deref(), ctx),
    }
}

fn exec(registrar: &str, file: Option<&std::path::Path>, ctx: &Ctx) -> Result<()> {
    let limit = u64::from(crate::serve::epp::MAX_FRAME);
    let bytes = match file {
        Some(p) if p.as_os_str() != "-" => super::read_input(p, limit)?,
        _ => {
            let mut buf = Vec::new();
            std::io::stdin()
                .take(limit + 1)
                .read_to_end(&mut buf)
                .map_err(|e| Error::usage("cannot read stdin").with_cause(e))?;
            if buf.len() as u64 > limit {
                return Err(Error::usage(format!(
                    "the document is larger than {} MiB",
                    limit >> 20
                )));
            }
            buf
        }
    };
    let mut store = super::open(ctx)?;
    {
        let tx = store.read()?;
        let r = store::contacts::get_registrar(&tx, registrar)?;
        if let Some(when) = r.withdrawn {
            return Err(Error::conflict(format!(
                "registrar {registrar} was withdrawn on {} (Art. 15.2)",
                crate::rules::periods::fmt_time(when)
            )));
        }
    }
    let mut session = Session {
        registrar: Some(registrar.to_string()),
        ..Session::default()
    };
    let reply = session.handle(&mut store, &bytes, ctx.now);
    println!("{}", reply.xml);
    Ok(())
}
