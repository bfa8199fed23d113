//! Tests of `notices`.
