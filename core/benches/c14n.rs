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
use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hocba::c14n::{Algorithm, Method, Subset, canonicalize};
use hocba::xml::Document;

/// (benchmark name, file name) of each input.
const INPUTS: [(&str, &str); 2] = [("30k", "transcript-30k.xml"), ("1m", "big-1m.xml")];

fn workspace_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("core/ has a parent").to_path_buf()
}

fn inputs_dir() -> PathBuf {
    match std::env::var_os("HOCBA_BENCH_INPUTS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_dir().join("target").join("bench-inputs"),
    }
}

/// Reads the inputs, generating them first when one is missing.
fn load_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let dir = inputs_dir();
    if INPUTS.iter().any(|(_, file)| !dir.join(file).is_file()) {
        let script = workspace_dir().join("../shared/bench/peers/make_inputs.py");
        eprintln!("generating bench inputs: python3 {} {}", script.display(), dir.display());
        // make_inputs.py exits non-zero at its end when xmlsec1 is missing, after the two XML files
        // are written: only their presence matters here.
        match Command::new("python3").arg(&script).arg(&dir).status() {
            Ok(status) if !status.success() => eprintln!("make_inputs.py exited with {status}"),
            Ok(_) => {}
            Err(e) => eprintln!("cannot run python3 {}: {e}", script.display()),
        }
    }
    INPUTS
        .iter()
        .map(|&(name, file)| {
            let path = dir.join(file);
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, bytes)
        })
        .collect()
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
