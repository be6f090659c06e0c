//! Verifying with trust, as a batch does: one signed transcript (the test PKI's homeroom teacher,
//! chain in `KeyInfo`) verified again and again with the same options, offline, with the test
//! CA's CRLs supplied and revocation required. After the first file, every certificate key, path
//! and CRL signature is known: this times the caches' lookups on top of the XML work.
//!
//! `cargo bench -p hocba --bench trust`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hocba::crypto::{self, CryptoProvider, PrivateKey, SignatureAlgorithm};
use hocba::dsig::{self, KeySigner, SignatureRequest, VerifyOptions};
use hocba::pki::{Certificate, Crl, RevocationChecker, RevocationData, RevocationPolicy, TrustOptions, TrustStore};
use hocba::report::Verdict;
use hocba::time::UtcTime;
use hocba::xml::Document;

fn vector(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn signed(provider: &'static dyn CryptoProvider) -> Vec<u8> {
    let key = PrivateKey::from_pem_or_der(&vector("pki/gvcn-key.pem")).unwrap();
    let certificates: Vec<Vec<u8>> = ["gvcn", "ca"]
        .iter()
        .map(|name| {
            Certificate::all_from_pem_or_der(&vector(&format!("pki/{name}-cert.pem"))).unwrap()[0].der().to_vec()
        })
        .collect();
    let signer = KeySigner::new(key, certificates, SignatureAlgorithm::RSA_SHA256, provider).unwrap();
    let time = UtcTime::parse("2026-05-20T09:00:00+07:00").unwrap();
    let request =
        SignatureRequest { provider, ..SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", time) };
    dsig::sign(&vector("samples/van-ban-mau-khong-phai-hoc-ba.xml"), &request, &signer).unwrap()
}

fn bench_trust(c: &mut Criterion) {
    let mut group = c.benchmark_group("verify-trusted");
    for provider in crypto::providers() {
        let document = signed(provider);
        let mut store = TrustStore::empty();
        store.add_pem_or_der(&vector("pki/root-cert.pem")).unwrap();
        let trust = TrustOptions {
            trust: store,
            revocation: RevocationPolicy::Require,
            now: Some(UtcTime::parse("2026-06-01T10:00:00+07:00").unwrap()),
            ..TrustOptions::default()
        };
        let mut data = RevocationData::default();
        data.crls.extend(Crl::all_from_pem_or_der(&vector("pki/ca.crl")).unwrap());
        data.crls.extend(Crl::all_from_pem_or_der(&vector("pki/root.crl")).unwrap());
        let checker = RevocationChecker::offline(data);
        let options = VerifyOptions { provider, ..VerifyOptions::default() };
        let verify = || {
            let doc = Document::parse(black_box(&document)).unwrap();
            hocba::pki::verify_document(&doc, &options, &trust, &checker).unwrap()
        };
        assert_eq!(verify().verdict(), Verdict::Valid, "{}", verify().message(Default::default()));
        group.bench_function(provider.name(), |b| b.iter(verify));
    }
    group.finish();
}

criterion_group!(benches, bench_trust);
criterion_main!(benches);
