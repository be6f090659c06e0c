//! The raw verify-both rate of a generated batch (`cli/examples/generate_batch.rs`), the peer of
//! `hocba verify DIR` in `benches/batch.sh`: a sample of the batch's files read into memory once,
//! then each verified on one thread without the batch machinery (no listing, reading, rows,
//! output or summary).
//!
//! It is the CLI's bench so that it runs the very library build the `hocba` binary links.
//!
//! Groups (the OpenSSL provider, which the CLI uses by default; one iteration is the whole sample):
//! - `batch-raw/verifier`: `Verifier::verify` with the configuration of
//!   `hocba verify --trust root-cert.pem --crl ca.crl --crl root.crl`: both signatures, the
//!   transcript profile, each signer's path to the test root, revocation from the CRLs;
//! - `batch-raw/signatures`: `Document::parse` + `dsig::verify` with the batch's signers' keys
//!   pinned: the two signatures alone, no profile and no trust, to show where the rest goes.
//!
//! Before timing, the verifier's verdicts must be the generator's manifest's for every sampled file.
//!
//! `HOCBA_BATCH_DIR=target/bench-batch/3000 cargo bench -p hocba-cli --bench verify_batch`
//! (`HOCBA_BATCH_SAMPLE`: how many files, default 300, the first of the manifest, in student order:
//! the generator's mix of schools and of valid, tampered, revoked and malformed files repeats
//! every 100 students).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hocba::crypto::PublicKey;
use hocba::dsig::{self, VerifyOptions};
use hocba::pki::{Certificate, Crl, RevocationChecker, RevocationData, TrustOptions, TrustStore};
use hocba::report::Verdict;
use hocba::verifier::{Verifier, VerifierConfig};
use hocba::xml::Document;

fn pki(name: &str) -> Vec<u8> {
    let path = format!("{}/../test-vectors/pki/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn batch_dir() -> PathBuf {
    let dir = std::env::var_os("HOCBA_BATCH_DIR").expect("HOCBA_BATCH_DIR: a folder written by generate_batch");
    PathBuf::from(dir)
}

/// The manifest's files, with the verdict each must give.
fn manifest(dir: &Path) -> Vec<(PathBuf, String)> {
    let text = std::fs::read_to_string(dir.join("manifest.tsv")).expect("manifest.tsv in HOCBA_BATCH_DIR");
    text.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            (dir.join(cells[0]), cells[1].to_owned())
        })
        .collect()
}

/// The CLI's verifier for `--trust root-cert.pem --crl ca.crl --crl root.crl`.
fn verifier() -> Verifier {
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()];
    Verifier::new(VerifierConfig {
        trust: TrustOptions { trust: anchors, ..TrustOptions::default() },
        revocation: std::sync::Arc::new(RevocationChecker::offline(RevocationData {
            crls: crls.concat(),
            ..RevocationData::default()
        })),
        ..VerifierConfig::default()
    })
}

/// The keys of every certificate the batch's signers use (the schools' and the revoked teacher's).
fn signer_keys(dir: &Path) -> Vec<PublicKey> {
    let mut pems: Vec<Vec<u8>> = std::fs::read_dir(dir.join("pki"))
        .expect("pki/ in HOCBA_BATCH_DIR")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with("-cert.pem"))
        .map(|path| std::fs::read(path).unwrap())
        .collect();
    pems.push(pki("revoked-cert.pem"));
    pems.iter()
        .flat_map(|pem| Certificate::all_from_pem_or_der(pem).unwrap())
        .map(|certificate| PublicKey::pinned_from_certificate_der(certificate.der()).unwrap())
        .collect()
}

fn bench_batch(c: &mut Criterion) {
    let dir = batch_dir();
    let size = std::env::var("HOCBA_BATCH_SAMPLE").map_or(300, |n| n.parse().expect("HOCBA_BATCH_SAMPLE: a number"));
    let sample: Vec<(PathBuf, String)> = manifest(&dir).into_iter().take(size).collect();
    let files: Vec<Vec<u8>> = sample.iter().map(|(path, _)| std::fs::read(path).unwrap()).collect();
    let verifier = verifier();

    let mut verdicts = BTreeMap::<&str, usize>::new();
    for ((path, expected), bytes) in sample.iter().zip(&files) {
        let verdict = match verifier.verify(bytes) {
            Ok(verification) => match verification.report().verdict() {
                Verdict::Valid => "valid",
                Verdict::Invalid => "invalid",
                Verdict::Undetermined => "undetermined",
            },
            Err(_) => "unusable",
        };
        assert_eq!(verdict, expected, "{}", path.display());
        *verdicts.entry(verdict).or_default() += 1;
    }
    eprintln!("batch-raw: {} files from {}: {verdicts:?}", files.len(), dir.display());

    let mut group = c.benchmark_group("batch-raw");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_secs(2));
    group.bench_function("verifier", |b| {
        b.iter(|| {
            for bytes in &files {
                let _ = black_box(verifier.verify(black_box(bytes)));
            }
        })
    });
    let options = VerifyOptions { trusted_keys: signer_keys(&dir), ..VerifyOptions::default() };
    group.bench_function("signatures", |b| {
        b.iter(|| {
            for bytes in &files {
                if let Ok(doc) = Document::parse(black_box(bytes)) {
                    let _ = black_box(dsig::verify(&doc, &options));
                }
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_batch);
criterion_main!(benches);
