//! The network faces of the registry: the WHOIS server (port 43), RDAP
//! (HTTP) and EPP. Each parses its protocol, calls the decisions and reads
//! of the engine below (rules, store), and renders the answer in its
//! protocol; each has a function from request to response that works
//! without a network, with the transport (TCP, HTTP, framing, limits,
//! quotas) around it. Faces never import each other, and nothing below
//! imports a face.

pub(crate) mod directory;
pub(crate) mod epp;
pub(crate) mod rdap;
pub(crate) mod whois;
