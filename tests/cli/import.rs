//! Tests of `import`.
