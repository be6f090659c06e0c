//! What the render tests share: the sample transcripts signed with the test PKI, a verifier that
//! trusts it offline, and the Debian tools that read PDFs back.
#![allow(dead_code)] // each test binary uses some of it

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use hocba::crypto::{PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der, default_provider};
use hocba::dsig::KeySigner;
use hocba::pki::{Crl, RevocationChecker, RevocationData, TrustOptions, TrustStore};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::{Role, from_xml};
use hocba::verifier::{Verifier, VerifierConfig};

pub fn vectors(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-vectors").join(path)
}

fn pki(name: &str) -> Vec<u8> {
    std::fs::read(vectors("pki").join(name)).unwrap()
}

fn trust(at: &str) -> TrustOptions {
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions { trust: anchors, now: Some(UtcTime::parse(at).unwrap()), ..TrustOptions::default() }
}

fn revocation() -> Arc<RevocationChecker> {
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()];
    Arc::new(RevocationChecker::offline(RevocationData { crls: crls.concat(), ..RevocationData::default() }))
}

fn key_signer(key: &str, certificate: &str, algorithm: SignatureAlgorithm) -> KeySigner {
    let ca = certificates_from_pem_or_der(&pki("ca-cert.pem")).unwrap();
    let chain = [certificates_from_pem_or_der(&pki(certificate)).unwrap(), ca].concat();
    KeySigner::new(PrivateKey::from_pem_or_der(&pki(key)).unwrap(), chain, algorithm, default_provider()).unwrap()
}

/// The unsigned transcript `xml` with every year signed by the test PKI's GVCN, then principal.
pub fn sign(xml: &[u8]) -> Vec<u8> {
    let gvcn = key_signer("gvcn-key.pem", "gvcn-cert.pem", SignatureAlgorithm::RSA_SHA256);
    let principal = key_signer("hieutruong-key.pem", "hieutruong-cert.pem", SignatureAlgorithm::ECDSA_SHA256);
    let config =
        SignerConfig { trust: trust("2026-06-15T08:00:00+07:00"), revocation: revocation(), ..SignerConfig::default() };
    let signer = TranscriptSigner::new(config);
    let transcript = from_xml(xml).unwrap();
    let mut signed = xml.to_vec();
    for year in &transcript.years {
        signed = signer.sign_year(&signed, &year.id, Role::Gvcn, &gvcn).unwrap();
        signed = signer.sign_year(&signed, &year.id, Role::HieuTruong, &principal).unwrap();
    }
    signed
}

/// A verifier that trusts the test PKI, offline, after the signing.
pub fn verifier() -> Verifier {
    Verifier::new(VerifierConfig {
        trust: trust("2026-07-01T00:00:00Z"),
        revocation: revocation(),
        ..VerifierConfig::default()
    })
}

/// The sample transcripts that verify once signed: every valid one and every one with rule
/// warnings only.
pub fn samples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors("transcripts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (name.starts_with("valid-") || name.starts_with("warning-")) && name.ends_with(".xml")
        })
        .collect();
    files.sort();
    files
}

/// Where files a person may look at are kept: `target/tmp/paper-copies/`.
pub fn output_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("paper-copies");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a Debian tool; it must succeed. Its stdout.
pub fn tool(program: &str, args: &[&str]) -> Vec<u8> {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (scripts/setup.sh installs it)"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}
