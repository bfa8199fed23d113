//! Tests of `whois`.
