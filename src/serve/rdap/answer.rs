//! The RDAP answer: one function from a request path to a status and an
//! RDAP JSON body ([`respond`]), which the HTTP server and `ptreg rdap get`
//! share.
//!
//! What it shows follows Art. 30, as WHOIS does (30.8 extends it to every
//! public directory): the domain with its dates and state (30.2), and the
//! registrant and managing entity as far as `rules::whois::discloses`
//! allows; a natural person without consent appears only as a redacted
//! role, and an entity lookup of one is 404 (that the person is in the
//! registry is personal data too). The technical contact is not shown: Art.
//! 30.2 does not list it (the WHOIS answer leaves it out for the same
//! reason).

use percent_encoding::percent_decode_str;
use rusqlite::Connection;
use serde_json::{Value, json};

use super::objects;
use crate::error::Result;
use crate::model::State;
use crate::rules::periods::Time;
use crate::rules::policy::Policy;
use crate::rules::whois::{InvalidQuery, discloses, parse_query};
use crate::store::whois::Outcome;
use crate::store::{contacts, domains, whois};

/// The longest path looked at; longer ones are malformed.
const MAX_PATH: usize = 1024;

/// One request: its path (with any query string, still percent-encoded)
/// and the public URL of the service, for links.
pub(crate) struct Request<'a> {
    pub(crate) path: &'a str,
    pub(crate) base_url: &'a str,
}

/// The status and body of an answer, and how the query is logged.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) body: Value,
    pub(crate) outcome: Outcome,
}

impl Response {
    fn ok(body: Value) -> Response {
        Response {
            status: 200,
            body,
            outcome: Outcome::Answered,
        }
    }

    /// An RFC 9083 error object.
    pub(crate) fn error(status: u16, description: &str) -> Response {
        let title = match status {
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            429 => "Too Many Requests",
            501 => "Not Implemented",
            503 => "Service Unavailable",
            _ => "Internal Server Error",
        };
        let outcome = match status {
            404 => Outcome::NoMatch,
            429 => Outcome::Suspended,
            500.. => Outcome::Failed,
            _ => Outcome::Invalid,
        };
        Response {
            status,
            body: json!({
                "rdapConformance": objects::CONFORMANCE,
                "errorCode": status,
                "title": title,
                "description": [description],
            }),
            outcome,
        }
    }
}

/// What a path asks for.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Help,
    Domain(String),
    Nameserver(String),
    Entity(String),
    /// Searches, IP networks, autonomous systems: not offered.
    Unsupported(&'static str),
    Malformed(String),
}

/// The answer to `request` at `now` under `policy`. A failure to read the
/// registry is a 500 error object, never a panic.
pub(crate) fn respond(
    conn: &Connection,
    now: Time,
    policy: &Policy,
    request: &Request<'_>,
) -> Response {
    let base = request.base_url.trim_end_matches('/');
    let answered = match route(request.path) {
        Route::Help => Ok(Response::ok(objects::help(base))),
        Route::Domain(name) => domain(conn, now, policy, base, &name),
        Route::Nameserver(host) => nameserver(conn, now, policy, base, &host),
        Route::Entity(handle) => entity(conn, policy, base, &handle),
        Route::Unsupported(what) => Ok(Response::error(
            501,
            &format!("{what} are not offered by this server"),
        )),
        Route::Malformed(why) => Ok(Response::error(400, &why)),
    };
    answered.unwrap_or_else(|e| {
        crate::serve::directory::note!("ptreg rdap: {}", e.human());
        Response::error(500, "the registry could not be read; try again later")
    })
}

fn route(path: &str) -> Route {
    if path.len() > MAX_PATH {
        return Route::Malformed("the path is too long".into());
    }
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let Some(rest) = path.strip_prefix('/') else {
        return Route::Malformed("the path must start with /".into());
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let decoded = |segment: &str| -> Result<String, Route> {
        let text = percent_decode_str(segment)
            .decode_utf8()
            .map_err(|_| Route::Malformed("the path is not UTF-8 text".into()))?;
        if text.is_empty() || text.chars().any(char::is_control) {
            return Err(Route::Malformed(
                "an empty or unprintable path segment".into(),
            ));
        }
        Ok(text.into_owned())
    };
    let lookup = |segment: &str, make: fn(String) -> Route| match decoded(segment) {
        Ok(text) if query.is_none() => make(text),
        Ok(_) => Route::Malformed("a lookup takes no query string".into()),
        Err(route) => route,
    };
    match segments.as_slice() {
        ["help"] => Route::Help,
        ["domain", name] => lookup(name, Route::Domain),
        ["nameserver", host] => lookup(host, Route::Nameserver),
        ["entity", handle] => lookup(handle, Route::Entity),
        ["domains"] | ["nameservers"] | ["entities"] => Route::Unsupported("searches"),
        ["ip", ..] => Route::Unsupported("IP network lookups"),
        ["autnum", ..] => Route::Unsupported("autonomous system lookups"),
        _ => Route::Malformed(
            "not an RDAP path: try /domain/NAME, /nameserver/HOST, /entity/HANDLE or /help".into(),
        ),
    }
}

fn domain(
    conn: &Connection,
    now: Time,
    policy: &Policy,
    base: &str,
    name: &str,
) -> Result<Response> {
    let ascii = match parse_query(name.as_bytes()) {
        Ok(ascii) => ascii,
        Err(InvalidQuery::NotPt) => {
            return Ok(Response::error(
                404,
                "this server answers for names under .pt only",
            ));
        }
        Err(InvalidQuery::Malformed) => {
            return Ok(Response::error(400, "not a domain name"));
        }
    };
    let Some(entry) = whois::entry(conn, &ascii, now, policy)? else {
        return Ok(Response::error(404, &format!("{ascii} is not registered")));
    };
    let updated = whois::last_update(conn)?.unwrap_or(now);
    Ok(Response::ok(objects::domain(&entry, policy, base, updated)))
}

fn nameserver(
    conn: &Connection,
    now: Time,
    policy: &Policy,
    base: &str,
    host: &str,
) -> Result<Response> {
    let Ok(ascii) = crate::rules::technical::parse_host(host) else {
        return Ok(Response::error(400, "not a host name"));
    };
    // Only hosts that serve a delegation (a name in the zone at `now`).
    let mut addresses: Vec<String> = Vec::new();
    let mut used = false;
    for (name, glue) in whois::host_uses(conn, &ascii)? {
        let delegated = domains::live_at(conn, &name, now, policy)?
            .is_some_and(|d| d.state == State::Registered);
        if delegated {
            used = true;
            for a in glue {
                if !addresses.contains(&a) {
                    addresses.push(a);
                }
            }
        }
    }
    if !used {
        return Ok(Response::error(
            404,
            &format!("{ascii} serves no delegated .pt name"),
        ));
    }
    Ok(Response::ok(objects::top(
        objects::nameserver(&ascii, &addresses, base),
        policy,
        base,
    )))
}

fn entity(conn: &Connection, policy: &Policy, base: &str, handle: &str) -> Result<Response> {
    if let Some(registrar) = contacts::find_registrar(conn, handle)? {
        return Ok(Response::ok(objects::top(
            objects::registrar(&registrar, base),
            policy,
            base,
        )));
    }
    let shown = match contacts::find_contact(conn, handle)? {
        Some(c) if discloses(&c) && contacts::erased_at(conn, handle)?.is_none() => Some(c),
        _ => None,
    };
    Ok(match shown {
        Some(c) => Response::ok(objects::top(objects::contact(&c, &[], base), policy, base)),
        // Unknown, erased, or a natural person without consent: the same
        // answer, so that a 404 says nothing about a person.
        None => Response::error(404, "no entity with that handle is shown"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        let table = [
            ("/help", Route::Help),
            ("/domain/exemplo.pt", Route::Domain("exemplo.pt".into())),
            ("/domain/m%C3%A3o.pt", Route::Domain("mão.pt".into())),
            (
                "/nameserver/ns1.exemplo.pt",
                Route::Nameserver("ns1.exemplo.pt".into()),
            ),
            ("/entity/lusonet", Route::Entity("lusonet".into())),
            ("/domains?name=ex*", Route::Unsupported("searches")),
            ("/entities?fn=x", Route::Unsupported("searches")),
            ("/ip/192.0.2.0/24", Route::Unsupported("IP network lookups")),
            (
                "/autnum/65000",
                Route::Unsupported("autonomous system lookups"),
            ),
        ];
        for (path, want) in table {
            assert_eq!(route(path), want, "{path}");
        }
        let long = format!("/domain/{}", "a".repeat(2000));
        for bad in [
            "",
            "help",
            "/",
            "/domain",
            "/domain/",
            "/domain/a/b",
            "/domain/%ff%fe.pt",
            "/domain/a%00b.pt",
            "/domain/exemplo.pt?x=1",
            "/foo/bar",
            "/../etc/passwd",
            long.as_str(),
        ] {
            assert!(matches!(route(bad), Route::Malformed(_)), "{bad:?}");
        }
    }

    proptest::proptest! {
        /// Any path gives a route, never a panic.
        #[test]
        fn any_path_is_routed(path in "\\PC{0,120}") {
            let _ = route(&path);
        }
    }
}
