//! XML-signature throughput on the peer-benchmark inputs (`../shared/bench/peers/make_inputs.py`): verify
//! both RSA-SHA256 signatures of the ~30 KB two-signature transcript, and sign the ~30 KB transcript, the
//! operations xmlsec1, Santuario and python-xmlsec are timed on in `run_peers.sh` (`verify-30k-both`,
//! `sign-30k`).
//!
//! Groups (each with `openssl` and `rustcrypto`, the crypto provider):
//! - `verify-30k-both`: from the bytes of `transcript-30k-signed.xml`, `Document::parse` + `dsig::verify`
//!   with the RSA-2048 certificate's key pinned (`trusted_keys`); both signatures must verify;
//! - `sign-30k`: from the bytes of `transcript-30k.xml`, `dsig::sign` with a `KeySigner` (RSA-2048, RSA-SHA256)
//!   into `DSCKS/GVCN`, reference `#data-1` plus the SigningTime object, fixed signing time; the result is
//!   the signed document's bytes, so writing them out is included.
//!
//! Before timing: each provider must accept the signed file and reject a copy with one score changed (as the
//! peers are checked), and the document each provider signs must verify with hocba and with
//! `xmlsec1 --verify --id-attr:Id DuLieuHocBa --pubkey-cert-pem rsa2048-cert.pem`.
//!
//! Inputs are read from `$HOCBA_BENCH_INPUTS` (default `<workspace>/target/bench-inputs`); missing files are
//! generated with `python3 ../shared/bench/peers/make_inputs.py DIR` (which needs xmlsec1 for the signed
//! file). `benches/dsig.sh` runs the peers in the same run and writes the comparison.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hocba::crypto::{self, CryptoProvider, PrivateKey, PublicKey, SignatureAlgorithm};
use hocba::dsig::{self, KeySigner, SignatureRequest, VerifyOptions};
use hocba::time::UtcTime;
use hocba::xml::Document;

const FILES: [&str; 4] = ["transcript-30k.xml", "transcript-30k-signed.xml", "rsa2048-key.pem", "rsa2048-cert.pem"];

struct Inputs {
    dir: PathBuf,
    unsigned: Vec<u8>,
    signed: Vec<u8>,
    key_pem: Vec<u8>,
    cert_pem: Vec<u8>,
}

/// Reads the inputs, generating them first when one is missing.
fn load_inputs() -> Inputs {
    let [unsigned, signed, key_pem, cert_pem]: [Vec<u8>; 4] =
        common::read_inputs(&FILES).try_into().expect("one buffer per file");
    Inputs { dir: common::inputs_dir(), unsigned, signed, key_pem, cert_pem }
}

/// The signed file with one score changed inside the signed data (the peers' tampered copy).
fn tampered(signed: &[u8]) -> Vec<u8> {
    let tag = b"<kq:DiemHK1>";
    let i = signed.windows(tag.len()).position(|w| w == tag).expect("a score in the signed file") + tag.len();
    let mut copy = signed.to_vec();
    copy[i] = if copy[i] == b'1' { b'2' } else { b'1' };
    copy
}

fn verify_options(provider: &'static dyn CryptoProvider, key: &PublicKey) -> VerifyOptions {
    VerifyOptions { provider, trusted_keys: vec![key.clone()], ..VerifyOptions::default() }
}

fn verify_count(bytes: &[u8], options: &VerifyOptions) -> Result<usize, String> {
    let doc = Document::parse(bytes).map_err(|e| e.to_string())?;
    dsig::verify(&doc, options).map(|signatures| signatures.len()).map_err(|e| e.to_string())
}

/// Checks a document signed by hocba with xmlsec1, once.
fn check_with_xmlsec1(signed: &[u8], cert: &Path, provider: &str) {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("dsig-bench-signed-{provider}.xml"));
    std::fs::write(&path, signed).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let output = Command::new("xmlsec1")
        .args(["--verify", "--id-attr:Id", "DuLieuHocBa", "--pubkey-cert-pem"])
        .arg(cert)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run xmlsec1: {e}"));
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    if !output.status.success() || !said.contains("OK") {
        panic!("xmlsec1 does not verify the document hocba signed with {provider} ({}):\n{said}", path.display());
    }
    eprintln!("dsig bench: the document hocba signed with {provider} verifies with xmlsec1: OK");
}

fn bench_dsig(c: &mut Criterion) {
    let inputs = load_inputs();
    let certificates = crypto::certificates_from_pem_or_der(&inputs.cert_pem).expect("rsa2048-cert.pem");
    let public = PublicKey::from_certificate_der(&certificates[0]).expect("the certificate's key");
    let signing_time = UtcTime::parse("2026-05-20T09:00:00+07:00").unwrap();
    let providers = crypto::providers();
    let bad = tampered(&inputs.signed);

    // Checks before timing, with each provider.
    for &provider in &providers {
        let name = provider.name();
        let options = verify_options(provider, &public);
        assert_eq!(verify_count(&inputs.signed, &options), Ok(2), "{name}: the signed file must verify");
        assert!(verify_count(&bad, &options).is_err(), "{name}: accepted a tampered document");
    }

    let mut group = c.benchmark_group("verify-30k-both");
    group.throughput(Throughput::Bytes(inputs.signed.len() as u64));
    for &provider in &providers {
        let options = verify_options(provider, &public);
        let bytes = &inputs.signed;
        group.bench_function(provider.name(), |b| {
            b.iter(|| {
                let doc = Document::parse(black_box(bytes)).unwrap();
                let signatures = dsig::verify(&doc, &options).unwrap();
                assert_eq!(signatures.len(), 2);
                signatures
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("sign-30k");
    group.throughput(Throughput::Bytes(inputs.unsigned.len() as u64));
    for &provider in &providers {
        let name = provider.name();
        // `PrivateKey` is deliberately not `Clone`: one read per provider.
        let private = PrivateKey::from_pem_or_der(&inputs.key_pem).expect("rsa2048-key.pem");
        let signer =
            KeySigner::new(private, certificates.clone(), SignatureAlgorithm::RSA_SHA256, provider).expect("a signer");
        let request = SignatureRequest {
            provider,
            ..SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", signing_time)
        };
        let bytes = &inputs.unsigned;
        let signed = dsig::sign(bytes, &request, &signer).unwrap_or_else(|e| panic!("{name}: {e}"));
        for &verifier in &providers {
            assert_eq!(
                verify_count(&signed, &verify_options(verifier, &public)),
                Ok(1),
                "{name}-signed document, verified with {}",
                verifier.name()
            );
        }
        check_with_xmlsec1(&signed, &inputs.dir.join("rsa2048-cert.pem"), name);
        group.bench_function(name, |b| b.iter(|| dsig::sign(black_box(bytes), &request, &signer).unwrap()));
    }
    group.finish();

    // The private-key operation alone, through the provider: what `openssl speed rsa2048` measures, plus
    // hashing the ~600-byte canonical SignedInfo. The difference to `sign-30k` is the XML work.
    let mut group = c.benchmark_group("rsa2048-sign-signedinfo");
    let signed_info = vec![b'a'; 600];
    for &provider in &providers {
        let private = PrivateKey::from_pem_or_der(&inputs.key_pem).expect("rsa2048-key.pem");
        group.bench_function(provider.name(), |b| {
            b.iter(|| provider.sign(SignatureAlgorithm::RSA_SHA256, &private, black_box(&signed_info)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_dsig);
criterion_main!(benches);
