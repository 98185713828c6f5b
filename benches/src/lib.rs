//! Benchmarks live in this crate's `benches/` directory.
