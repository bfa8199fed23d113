//! EPP responses (RFC 5730 §2.6): result codes with their standard texts,
//! the `<reason>` that carries the article of a refusal, `msgQ` for poll,
//! and the greeting (§2.4).

use super::xml::{CONTACT, DOMAIN, EPP, HOST, PTREG, SECDNS, esc};
use crate::codes;
use crate::error::Error;
use crate::rules::periods::{Time, fmt_time};

/// The result codes this server answers with (RFC 5730 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    Ok = 1000,
    Pending = 1001,
    NoMessages = 1300,
    AckToDequeue = 1301,
    Bye = 1500,
    UnknownCommand = 2000,
    Syntax = 2001,
    Use = 2002,
    Missing = 2003,
    Range = 2004,
    ValueSyntax = 2005,
    UnimplementedVersion = 2100,
    UnimplementedOption = 2102,
    UnimplementedExtension = 2103,
    Billing = 2104,
    NotRenewable = 2105,
    Authentication = 2200,
    Authorization = 2201,
    InvalidAuthInfo = 2202,
    Exists = 2302,
    DoesNotExist = 2303,
    StatusProhibits = 2304,
    AssociationProhibits = 2305,
    Policy = 2306,
    UnimplementedService = 2307,
    Failed = 2400,
    FailedClosing = 2500,
}

impl Code {
    pub(crate) fn number(self) -> u16 {
        self as u16
    }

    /// The code of a number `codes::epp_result` gives.
    pub(crate) fn from_number(n: u16) -> Option<Code> {
        use Code::*;
        [
            Ok,
            Pending,
            NoMessages,
            AckToDequeue,
            Bye,
            UnknownCommand,
            Syntax,
            Use,
            Missing,
            Range,
            ValueSyntax,
            UnimplementedVersion,
            UnimplementedOption,
            UnimplementedExtension,
            Billing,
            NotRenewable,
            Authentication,
            Authorization,
            InvalidAuthInfo,
            Exists,
            DoesNotExist,
            StatusProhibits,
            AssociationProhibits,
            Policy,
            UnimplementedService,
            Failed,
            FailedClosing,
        ]
        .into_iter()
        .find(|c| c.number() == n)
    }

    /// The standard text of RFC 5730.
    pub(crate) fn text(self) -> &'static str {
        match self {
            Code::Ok => "Command completed successfully",
            Code::Pending => "Command completed successfully; action pending",
            Code::NoMessages => "Command completed successfully; no messages",
            Code::AckToDequeue => "Command completed successfully; ack to dequeue",
            Code::Bye => "Command completed successfully; ending session",
            Code::UnknownCommand => "Unknown command",
            Code::Syntax => "Command syntax error",
            Code::Use => "Command use error",
            Code::Missing => "Required parameter missing",
            Code::Range => "Parameter value range error",
            Code::ValueSyntax => "Parameter value syntax error",
            Code::UnimplementedVersion => "Unimplemented protocol version",
            Code::UnimplementedOption => "Unimplemented option",
            Code::UnimplementedExtension => "Unimplemented extension",
            Code::Billing => "Billing failure",
            Code::NotRenewable => "Object is not eligible for renewal",
            Code::Authentication => "Authentication error",
            Code::Authorization => "Authorization error",
            Code::InvalidAuthInfo => "Invalid authorization information",
            Code::Exists => "Object exists",
            Code::DoesNotExist => "Object does not exist",
            Code::StatusProhibits => "Object status prohibits operation",
            Code::AssociationProhibits => "Object association prohibits operation",
            Code::Policy => "Parameter value policy error",
            Code::UnimplementedService => "Unimplemented object service",
            Code::Failed => "Command failed",
            Code::FailedClosing => "Command failed; server closing connection",
        }
    }
}

/// The head of the poll queue, as `msgQ` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MsgQ {
    pub(crate) count: i64,
    pub(crate) id: i64,
    /// With a `<poll op="req">`: the message's time and text.
    pub(crate) message: Option<(String, String)>,
}

/// One response, before the transaction ids are set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Response {
    pub(crate) code: Code,
    /// Why, for the client: `[Art. 7.2] ...` for a refusal.
    pub(crate) reason: Option<String>,
    /// `<resData>` content.
    pub(crate) data: Option<String>,
    /// `<extension>` content.
    pub(crate) extension: Option<String>,
    pub(crate) msgq: Option<Box<MsgQ>>,
}

impl Response {
    pub(crate) fn new(code: Code) -> Self {
        Response {
            code,
            reason: None,
            data: None,
            extension: None,
            msgq: None,
        }
    }

    pub(crate) fn ok() -> Self {
        Response::new(Code::Ok)
    }

    pub(crate) fn with_data(code: Code, data: String) -> Self {
        Response {
            data: Some(data),
            ..Response::new(code)
        }
    }

    pub(crate) fn fail(code: Code, reason: impl Into<String>) -> Self {
        Response {
            reason: Some(reason.into()),
            ..Response::new(code)
        }
    }

    /// A failure of the engine in EPP terms (`codes::epp_result`: by the
    /// class of its typed reason, else by its kind), with the article in the
    /// reason. An internal error is 2400 and its cause stays in the server
    /// log, never in the answer.
    pub(crate) fn from_error(err: &Error) -> Self {
        match Code::from_number(codes::epp_result(err)) {
            Some(Code::Failed) | None => Response::new(Code::Failed),
            Some(code) => Response::fail(code, refusal_text(err)),
        }
    }

    /// The document, with the client's `clTRID` echoed and the server's id.
    pub(crate) fn render(&self, cl_trid: Option<&str>, sv_trid: &str) -> String {
        let mut out = String::with_capacity(512);
        out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>"#);
        out.push_str(&format!(r#"<epp xmlns="{EPP}"><response>"#));
        out.push_str(&format!(r#"<result code="{}">"#, self.code.number()));
        out.push_str(&format!("<msg>{}</msg>", self.code.text()));
        if let Some(reason) = &self.reason {
            out.push_str(&format!(
                "<extValue><value><undef/></value><reason>{}</reason></extValue>",
                esc(reason)
            ));
        }
        out.push_str("</result>");
        if let Some(q) = &self.msgq {
            out.push_str(&format!(r#"<msgQ count="{}" id="{}">"#, q.count, q.id));
            if let Some((time, text)) = &q.message {
                out.push_str(&format!(
                    "<qDate>{}</qDate><msg>{}</msg>",
                    esc(time),
                    esc(text)
                ));
            }
            out.push_str("</msgQ>");
        }
        if let Some(data) = &self.data {
            out.push_str(&format!("<resData>{data}</resData>"));
        }
        if let Some(ext) = &self.extension {
            out.push_str(&format!("<extension>{ext}</extension>"));
        }
        out.push_str("<trID>");
        if let Some(cl) = cl_trid {
            out.push_str(&format!("<clTRID>{}</clTRID>", esc(cl)));
        }
        out.push_str(&format!("<svTRID>{}</svTRID></trID>", esc(sv_trid)));
        out.push_str("</response></epp>");
        out
    }
}

/// `[Art. X] reason` for a refusal.
pub(crate) fn refusal_text(err: &Error) -> String {
    match &err.article {
        Some(a) => format!("[Art. {a}] {}", err.message),
        None => err.message.clone(),
    }
}

/// The object services of the greeting and of `<login>`.
pub(crate) const OBJECTS: &[&str] = &[DOMAIN, HOST, CONTACT];
/// The extensions of the greeting and of `<login>`.
pub(crate) const EXTENSIONS: &[&str] = &[SECDNS, PTREG];

/// The greeting (RFC 5730 §2.4), sent on connect and for `<hello>`.
pub(crate) fn greeting(now: Time) -> String {
    let objs: String = OBJECTS
        .iter()
        .map(|o| format!("<objURI>{o}</objURI>"))
        .collect();
    let exts: String = EXTENSIONS
        .iter()
        .map(|e| format!("<extURI>{e}</extURI>"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?><epp xmlns="{EPP}"><greeting><svID>ptreg .pt registry</svID><svDate>{}</svDate><svcMenu><version>1.0</version><lang>en</lang>{objs}<svcExtension>{exts}</svcExtension></svcMenu><dcp><access><all/></access><statement><purpose><admin/><prov/></purpose><recipient><ours/><public/></recipient><retention><legal/></retention></statement></dcp></greeting></epp>"#,
        fmt_time(now)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Reason, Refusal};

    #[test]
    fn errors_map_to_codes_with_the_article() {
        let geo = Reason::GeographicName {
            listed: "Lisboa".into(),
        };
        let r = Response::from_error(&Error::refused(Refusal::new(
            "7.2",
            geo,
            "lisboa is geographic",
        )));
        assert_eq!(r.code, Code::Policy);
        assert_eq!(r.reason.as_deref(), Some("[Art. 7.2] lisboa is geographic"));
        let r = Response::from_error(&Error::refused(Refusal::new(
            "6.1.a",
            Reason::AlreadyRegistered,
            "taken",
        )));
        assert_eq!(r.code, Code::Exists);
        assert_eq!(
            Response::from_error(&Error::not_found("no x")).code,
            Code::DoesNotExist
        );
        let locked: Error =
            crate::rules::refusal::conflict(Reason::AlreadyLocked { case: "P".into() }, "locked")
                .into();
        assert_eq!(Response::from_error(&locked).code, Code::StatusProhibits);
        for n in [1000, 1001, 1300, 1301, 1500, 2001, 2201, 2302, 2306, 2400] {
            assert_eq!(Code::from_number(n).map(Code::number), Some(n));
        }
        assert_eq!(Code::from_number(1234), None);
        let internal = Response::from_error(
            &Error::internal("disk").with_cause(std::io::Error::other("secret path")),
        );
        assert_eq!(internal.code, Code::Failed);
        assert_eq!(internal.reason, None, "no internals reach the client");
    }

    #[test]
    fn responses_echo_the_client_id_and_escape() {
        let mut r = Response::fail(Code::Policy, "[Art. 5] a<b");
        r.msgq = Some(Box::new(MsgQ {
            count: 2,
            id: 7,
            message: Some(("2026-03-01T09:00:00Z".into(), "x & y".into())),
        }));
        let xml = r.render(Some("ABC<1>"), "SV-1");
        assert!(xml.contains(r#"<result code="2306">"#), "{xml}");
        assert!(xml.contains("<reason>[Art. 5] a&lt;b</reason>"), "{xml}");
        assert!(xml.contains("<clTRID>ABC&lt;1&gt;</clTRID>"), "{xml}");
        assert!(xml.contains(r#"<msgQ count="2" id="7">"#), "{xml}");
        assert!(xml.contains("<msg>x &amp; y</msg>"), "{xml}");
        assert!(roxmltree::Document::parse(&xml).is_ok());
        let g = greeting(crate::rules::periods::parse_time("2026-03-01").unwrap());
        let doc = roxmltree::Document::parse(&g).unwrap();
        assert!(doc.descendants().any(|n| n.has_tag_name("svDate")));
    }
}
