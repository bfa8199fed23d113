//! The registry's network faces: each parses its protocol, calls the same
//! decision functions as the command line, and renders the answer. Faces
//! never import each other, and nothing below them imports a face.

pub(crate) mod epp;
