//! Tests of `contact`.
