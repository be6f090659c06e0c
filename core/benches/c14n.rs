//! Parse + C14N throughput on the peer-benchmark inputs (`../shared/bench/peers/make_inputs.py`):
//! the ~30 KB transcript and the ~1 MB document, inclusive C14N 1.0 without comments of the whole
//! document, the same operation lxml (libxml2) is timed on in `bench_py.py`.
//!
//! Groups (each with `30k` and `1m`, `Throughput::Bytes` = input size):
//! - `parse+c14n`: `Document::parse` + `canonicalize` into a reused, cleared `Vec<u8>`,
//! - `parse`: `Document::parse` only,
//! - `c14n`: `canonicalize` of a pre-parsed tree.
//!
//! Inputs are read from `$HOCBA_BENCH_INPUTS` (default `<workspace>/target/bench-inputs`); missing
//! files are generated with `python3 ../shared/bench/peers/make_inputs.py DIR`. Byte identity with
//! lxml's output is checked by `benches/run.sh`, which also runs lxml and writes the comparison.

use std::hint::black_box;

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hocba::c14n::{Algorithm, Method, Subset, canonicalize};
use hocba::xml::Document;

/// (benchmark name, file name) of each input.
const INPUTS: [(&str, &str); 2] = [("30k", "transcript-30k.xml"), ("1m", "big-1m.xml")];

/// Reads the inputs, generating them first when one is missing.
fn load_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let files: Vec<&str> = INPUTS.iter().map(|(_, file)| *file).collect();
    INPUTS.iter().map(|(name, _)| *name).zip(common::read_inputs(&files)).collect()
}

fn bench_c14n(c: &mut Criterion) {
    let inputs = load_inputs();
    let method = Method::new(Algorithm::C14n10);

    // Sanity check before timing: every input parses and canonicalizes to a non-empty output.
    for (name, bytes) in &inputs {
        let doc = Document::parse(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut out = Vec::new();
        canonicalize(&doc, &Subset::document(&doc), &method, &mut out).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!out.is_empty(), "{name}: empty canonical form");
    }

    let mut group = c.benchmark_group("parse+c14n");
    for (name, bytes) in &inputs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let mut out = Vec::with_capacity(bytes.len());
        group.bench_function(*name, |b| {
            b.iter(|| {
                out.clear();
                let doc = Document::parse(black_box(bytes)).unwrap();
                canonicalize(&doc, &Subset::document(&doc), &method, &mut out).unwrap();
                black_box(out.len())
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("parse");
    for (name, bytes) in &inputs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(*name, |b| b.iter(|| Document::parse(black_box(bytes)).unwrap()));
    }
    group.finish();

    let mut group = c.benchmark_group("c14n");
    for (name, bytes) in &inputs {
        let doc = Document::parse(bytes).unwrap();
        let subset = Subset::document(&doc);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let mut out = Vec::with_capacity(bytes.len());
        group.bench_function(*name, |b| {
            b.iter(|| {
                out.clear();
                canonicalize(black_box(&doc), &subset, &method, &mut out).unwrap();
                black_box(out.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_c14n);
criterion_main!(benches);
