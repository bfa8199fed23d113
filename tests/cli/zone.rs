//! Tests of `zone`.
