//! Tests of `lifecycle`.
