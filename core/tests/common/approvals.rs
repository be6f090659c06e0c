//! The test PKI as the approval-list tests use it: files, keys, trust and revocation at a time,
//! a signer checked at a time.

use std::sync::Arc;

use hocba::crypto::{self, KeyType, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::KeySigner;
use hocba::pki::{Crl, RevocationChecker, RevocationData, SigningOptions, TrustOptions, TrustStore};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;

/// A file of `test-vectors/pki` (`schools/…` for the schools and wards).
pub fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/pki/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The certificate `{name}-cert.pem` (DER).
pub fn cert(name: &str) -> Vec<u8> {
    certificates_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap().remove(0)
}

/// The key `{name}-key.pem` with its certificate and the CA's, signing with `algorithm` (default:
/// RSA SHA-256 or ECDSA SHA-256 by the key).
pub fn key_with(name: &str, algorithm: Option<SignatureAlgorithm>) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
    let mut chain = certificates_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap();
    chain.extend(certificates_from_pem_or_der(&pki("ca-cert.pem")).unwrap());
    let algorithm = algorithm.unwrap_or(match key.public_key().key_type() {
        KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
        _ => SignatureAlgorithm::RSA_SHA256,
    });
    KeySigner::new(key, chain, algorithm, crypto::default_provider()).unwrap()
}

/// [`key_with`] the key's default algorithm.
pub fn key(name: &str) -> KeySigner {
    key_with(name, None)
}

pub fn time(text: &str) -> UtcTime {
    UtcTime::parse(text).unwrap()
}

/// The test root as the only anchor, the clock at `at`.
pub fn trust(at: &str) -> TrustOptions {
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions { trust: anchors, now: Some(time(at)), ..TrustOptions::default() }
}

/// Offline, with the test CA's and root's CRLs.
pub fn checker() -> Arc<RevocationChecker> {
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()]
        .concat();
    Arc::new(RevocationChecker::offline(RevocationData { crls, ..Default::default() }))
}

/// A signer whose certificate is checked at `at`, signing at `at`, nothing embedded.
pub fn signer_at(at: &str) -> TranscriptSigner {
    TranscriptSigner::new(SignerConfig {
        trust: trust(at),
        revocation: checker(),
        signing: SigningOptions { tsa_url: None, embed_validation_data: false },
        ..SignerConfig::default()
    })
}
