//! The EPP face (RFC 5730-5734, 5910): registrars' online channel.
//!
//! [`Session::handle`] turns one command document into one response
//! document; the TLS server ([`server`]) and `ptreg epp exec` both call it,
//! so the tests of one are the tests of the other. Each command is picked
//! by its verb and object (as Nomulus' flow picker does) and decided by the
//! same functions the command line calls, in one transaction, journaled
//! with the registrar as actor. This face decides nothing itself: it reads
//! XML, calls the engine, and writes XML.
//!
//! Choices where the protocol leaves room:
//! - A registrar sees and changes only the domains it manages and the
//!   hosts and contacts it sponsors (2201 otherwise); `check` is open, and
//!   `domain:info` with the name's transfer code as `authInfo` shows the
//!   name to another registrar (RFC 5731 §3.1.2).
//! - The `.pt` model has a registrant and one technical contact; the
//!   `admin` and `billing` contacts of RFC 5731 are accepted and not kept.
//! - Dates (`crDate`, `exDate`, `curExpDate`) are the stored UTC instants.

pub(crate) mod server;

mod contact;
mod domain;
mod frame;
mod host;
mod login;
mod login_log;
mod poll;
mod response;
mod xml;

pub(crate) use frame::{MAX_FRAME, Timeouts};

use std::net::IpAddr;

use roxmltree::Node;

use crate::error::Result;
use crate::rules::periods::Time;
use crate::store::Store;
use response::{Code, Response};
use xml::EPP;

/// One EPP session: who is logged in, and from where.
#[derive(Debug, Clone, Default)]
pub(crate) struct Session {
    /// The registrar logged in.
    pub(crate) registrar: Option<String>,
    /// The client's address (`None` offline).
    pub(crate) address: Option<IpAddr>,
    /// The SHA-256 fingerprint of the client certificate presented.
    pub(crate) cert: Option<String>,
    /// Where a login's journal entry goes while another process holds the
    /// write lock (the server's; `None` offline: the login waits).
    pub(crate) login_log: Option<login_log::Sender>,
}

/// What the transport does after sending a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum After {
    Continue,
    /// A login failed: the transport slows the address down.
    LoginFailed,
    /// A login succeeded: the address's failures are forgotten.
    LoginOk,
    /// Logout, or a failure that ends the session: close.
    Close,
}

/// A reply document and what follows it.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub(crate) xml: String,
    pub(crate) after: After,
}

/// A unique server transaction id: a random 64-bit value in hex, unique
/// across sessions and processes without shared state.
fn sv_trid() -> String {
    format!("PTREG-{:016X}", rand::random::<u64>())
}

/// A parsed command: its verb element, extension and client id.
pub(crate) struct Command<'a, 'i> {
    pub(crate) verb: Node<'a, 'i>,
    pub(crate) extension: Option<Node<'a, 'i>>,
}

/// What a flow gets besides the registry: the acting registrar and the clock.
#[derive(Clone, Copy)]
pub(crate) struct Call<'s> {
    pub(crate) registrar: &'s str,
    pub(crate) now: Time,
}

impl Call<'_> {
    /// Who acts and when, for the engine: the registrar, at the clock.
    pub(crate) fn stamp(&self) -> crate::journal::Stamp {
        crate::journal::Stamp {
            now: self.now,
            actor: self.registrar.to_string(),
            reason: None,
        }
    }
}

impl Session {
    /// Answers one frame. Never fails: every problem is an EPP result.
    pub(crate) fn handle(&mut self, store: &mut Store, frame: &[u8], now: Time) -> Reply {
        let reply = |r: Response, cl: Option<&str>, after| Reply {
            xml: r.render(cl, &sv_trid()),
            after,
        };
        let Ok(text) = std::str::from_utf8(frame) else {
            return reply(
                Response::fail(Code::Syntax, "the frame is not UTF-8 text"),
                None,
                After::Continue,
            );
        };
        let doc = match xml::parse(text) {
            Ok(doc) => doc,
            Err(why) => {
                return reply(
                    Response::fail(Code::Syntax, format!("not well-formed XML: {why}")),
                    None,
                    After::Continue,
                );
            }
        };
        let root = doc.root_element();
        if !xml::is(root, EPP, "epp") {
            return reply(
                Response::fail(
                    Code::Syntax,
                    format!("the document element must be <epp> in the namespace {EPP}"),
                ),
                None,
                After::Continue,
            );
        }
        let mut top = xml::elements(root);
        let (Some(first), None) = (top.next(), top.next()) else {
            return reply(
                Response::fail(Code::Syntax, "<epp> holds exactly one <hello> or <command>"),
                None,
                After::Continue,
            );
        };
        if xml::is(first, EPP, "hello") {
            return Reply {
                xml: response::greeting(now),
                after: After::Continue,
            };
        }
        if !xml::is(first, EPP, "command") {
            return reply(
                Response::fail(Code::Syntax, "<epp> holds <hello> or <command>"),
                None,
                After::Continue,
            );
        }
        let cl_trid = xml::child_text(first, EPP, "clTRID");
        let cl = cl_trid.as_deref();
        let mut verb = None;
        let mut extension = None;
        for el in xml::elements(first) {
            if xml::is(el, EPP, "clTRID") {
                continue;
            }
            if xml::is(el, EPP, "extension") {
                extension = Some(el);
                continue;
            }
            if verb.is_some() {
                return reply(
                    Response::fail(Code::Syntax, "a <command> holds one command"),
                    cl,
                    After::Continue,
                );
            }
            verb = Some(el);
        }
        let Some(verb) = verb else {
            return reply(
                Response::fail(Code::Syntax, "the <command> is empty"),
                cl,
                After::Continue,
            );
        };
        if verb.tag_name().namespace() != Some(EPP) {
            return reply(
                Response::fail(Code::Syntax, "the command is not in the EPP namespace"),
                cl,
                After::Continue,
            );
        }
        let cmd = Command { verb, extension };
        let name = verb.tag_name().name();
        match (name, self.registrar.clone()) {
            ("login", None) => {
                let (r, after) = login::login(self, store, &cmd, now);
                reply(r, cl, after)
            }
            ("login", Some(_)) => reply(
                Response::fail(Code::Use, "already logged in; log out first"),
                cl,
                After::Continue,
            ),
            ("logout", Some(_)) => {
                self.registrar = None;
                reply(Response::new(Code::Bye), cl, After::Close)
            }
            (_, None) => reply(
                Response::fail(Code::Use, "log in first"),
                cl,
                After::Continue,
            ),
            (_, Some(registrar)) => {
                let call = Call {
                    registrar: &registrar,
                    now,
                };
                let r = match dispatch(store, &call, &cmd) {
                    Ok(r) => r,
                    Err(e) => {
                        if e.kind == crate::error::Kind::Internal {
                            log_failure(&registrar, name, &e);
                        }
                        Response::from_error(&e)
                    }
                };
                reply(r, cl, After::Continue)
            }
        }
    }
}

/// Logs an internal failure for the operator (the client only sees 2400).
fn log_failure(registrar: &str, command: &str, err: &crate::error::Error) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "ptreg epp: {command} by {registrar} failed: {}",
        err.human().replace('\n', "; ")
    );
}

/// Picks the flow for the command's verb and object.
fn dispatch(store: &mut Store, call: &Call<'_>, cmd: &Command<'_, '_>) -> Result<Response> {
    let verb = cmd.verb.tag_name().name();
    if verb == "poll" {
        return poll::poll(store, call, cmd.verb);
    }
    let known = matches!(
        verb,
        "check" | "info" | "create" | "update" | "delete" | "renew" | "transfer"
    );
    if !known {
        return Ok(Response::fail(
            Code::UnknownCommand,
            format!("no command <{verb}>"),
        ));
    }
    let mut objects = xml::elements(cmd.verb);
    let (Some(object), None) = (objects.next(), objects.next()) else {
        return Ok(Response::fail(
            Code::Syntax,
            format!("<{verb}> holds one object element"),
        ));
    };
    let ns = object.tag_name().namespace().unwrap_or("");
    match ns {
        xml::DOMAIN => domain::run(store, call, verb, cmd, object),
        xml::HOST => host::run(store, call, verb, object),
        xml::CONTACT => contact::run(store, call, verb, cmd, object),
        other => Ok(Response::fail(
            Code::UnimplementedService,
            format!("no object service {other:?}"),
        )),
    }
}
