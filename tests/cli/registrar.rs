//! Tests of `registrar`.
