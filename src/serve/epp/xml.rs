//! Reading EPP documents (roxmltree, with DTDs and so entities refused) and
//! the helpers that write them back (text escaping).

use roxmltree::{Document, Node, ParsingOptions};

pub(crate) const EPP: &str = "urn:ietf:params:xml:ns:epp-1.0";
pub(crate) const DOMAIN: &str = "urn:ietf:params:xml:ns:domain-1.0";
pub(crate) const HOST: &str = "urn:ietf:params:xml:ns:host-1.0";
pub(crate) const CONTACT: &str = "urn:ietf:params:xml:ns:contact-1.0";
pub(crate) const SECDNS: &str = "urn:ietf:params:xml:ns:secDNS-1.1";
/// The project's own extension (arbitration, legitimacy; `docs/ptreg-1.0.xsd`).
pub(crate) const PTREG: &str = "urn:ptreg:params:xml:ns:ptreg-1.0";

/// The element count past which a document is refused: an EPP command has
/// a few dozen; this bounds the work a hostile document can cause.
const NODES_LIMIT: u32 = 20_000;

/// Parses a document: no DTD (so no entity can be declared, and none
/// expands), at most [`NODES_LIMIT`] nodes. The error says why, for the
/// `<reason>` of a 2001.
pub(crate) fn parse(text: &str) -> Result<Document<'_>, String> {
    // roxmltree lets an empty DOCTYPE through; EPP has no use for any.
    if text.contains("<!DOCTYPE") {
        return Err("a document type declaration (DTD) is not accepted".into());
    }
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| e.to_string())
}

/// The child elements of `node` (text and comments skipped).
pub(crate) fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

/// The first child element named `name` in namespace `ns`.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    elements(node).find(|n| is(*n, ns, name))
}

/// Every child element named `name` in namespace `ns`.
pub(crate) fn children<'a, 'i>(
    node: Node<'a, 'i>,
    ns: &'a str,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    elements(node).filter(move |n| is(*n, ns, name))
}

pub(crate) fn is(node: Node<'_, '_>, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(ns)
}

/// The trimmed text of an element (all its text, nested text included).
pub(crate) fn text(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_string()
}

/// The trimmed text of the child `name`, if present.
pub(crate) fn child_text(node: Node<'_, '_>, ns: &str, name: &str) -> Option<String> {
    child(node, ns, name).map(text)
}

/// Escapes text for element content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtds_and_entities_are_refused() {
        let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><hello/>&lol2;</epp>"#;
        assert!(parse(bomb).is_err());
        let xxe = r#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><epp>&e;</epp>"#;
        assert!(parse(xxe).is_err());
        let undeclared = r#"<epp xmlns="urn:ietf:params:xml:ns:epp-1.0">&e;</epp>"#;
        assert!(parse(undeclared).is_err());
        assert!(parse("not xml").is_err());
        assert!(parse("<a><b></a>").is_err());
        assert!(parse(r#"<!DOCTYPE epp><epp/>"#).is_err());
        let ok = r#"<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><hello/></epp>"#;
        let doc = parse(ok).unwrap();
        assert!(is(doc.root_element(), EPP, "epp"));
        assert!(child(doc.root_element(), EPP, "hello").is_some());
    }

    #[test]
    fn too_many_nodes_are_refused() {
        let many = format!("<epp>{}</epp>", "<a/>".repeat(NODES_LIMIT as usize + 1));
        assert!(parse(&many).is_err());
    }

    #[test]
    fn the_extension_schema_declares_what_the_server_reads() {
        let xsd = include_str!("../../../schemas/ptreg-1.0.xsd");
        let doc = Document::parse(xsd).unwrap();
        assert_eq!(doc.root_element().attribute("targetNamespace"), Some(PTREG));
        let declared: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("element"))
            .filter_map(|n| n.attribute("name"))
            .collect();
        for name in [
            "create",
            "contact",
            "infData",
            "arbitration",
            "legitimacy",
            "kind",
            "vat",
            "state",
            "case",
        ] {
            assert!(declared.contains(&name), "{name} is not in the schema");
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc(r#"a<b>&"c'"#), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(esc("maçã"), "maçã");
    }
}
