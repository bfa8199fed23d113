//! Tests of `reliability`.
