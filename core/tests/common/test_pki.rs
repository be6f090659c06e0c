//! The generated test PKI (`test-vectors/pki`): its files, certificates, signers and the trust in its root.

use hocba::crypto::{self, PrivateKey, SignatureAlgorithm};
use hocba::dsig::KeySigner;
use hocba::pki::{Certificate, RevocationPolicy, TrustOptions, TrustStore};

pub fn pki_dir() -> String {
    format!("{}/../test-vectors/pki", env!("CARGO_MANIFEST_DIR"))
}

/// The bytes of a file of the test PKI.
pub fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{name}", pki_dir())).unwrap()
}

/// `{name}-cert.pem`.
pub fn cert(name: &str) -> Certificate {
    Certificate::all_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap().remove(0)
}

/// Trust in the test root only, with `revocation`; the clock is the system's.
pub fn trust(revocation: RevocationPolicy) -> TrustOptions {
    let mut store = TrustStore::empty();
    store.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions { trust: store, revocation, ..TrustOptions::default() }
}

/// `{name}-key.pem` signing with SHA-256 (RSA or ECDSA, as the key is), its certificate and the CA's
/// in KeyInfo.
pub fn signer(name: &str) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
    let algorithm = match key.public_key().key_type() {
        crypto::KeyType::Rsa => SignatureAlgorithm::RSA_SHA256,
        crypto::KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
    };
    let chain = vec![cert(name).der().to_vec(), cert("ca").der().to_vec()];
    KeySigner::new(key, chain, algorithm, crypto::default_provider()).unwrap()
}
