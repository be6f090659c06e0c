//! Mutations of a transcript signed twice (GVCN and Hiệu trưởng). Oracle: whatever verifies under
//! the pinned keys covers exactly the bytes the signers signed; nothing else ever verifies.
#![no_main]

use std::sync::OnceLock;

use hocba::crypto::{self, PrivateKey, PublicKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{self, KeySigner, SignatureRequest, VerifyOptions};
use hocba::time::UtcTime;
use hocba::xml::Document;
use libfuzzer_sys::fuzz_target;

const SAMPLE: &[u8] = include_bytes!("../../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml");
const RSA_KEY: &[u8] = include_bytes!("../../test-vectors/keys/rsa2048-key.pem");
const RSA_CERT: &[u8] = include_bytes!("../../test-vectors/keys/rsa2048-cert.pem");
const EC_KEY: &[u8] = include_bytes!("../../test-vectors/keys/p256-key.pem");
const EC_CERT: &[u8] = include_bytes!("../../test-vectors/keys/p256-cert.pem");

struct Genuine {
    options: VerifyOptions,
    /// The canonical bytes of every reference of the genuine document, in order.
    signed: Vec<Vec<u8>>,
}

fn genuine() -> &'static Genuine {
    static GENUINE: OnceLock<Genuine> = OnceLock::new();
    GENUINE.get_or_init(|| {
        let time = UtcTime::parse("2026-05-20T09:30:00+07:00").unwrap();
        let signer = |key: &[u8], cert: &[u8], algorithm| {
            let key = PrivateKey::from_pem_or_der(key).unwrap();
            KeySigner::new(key, certificates_from_pem_or_der(cert).unwrap(), algorithm, crypto::default_provider()).unwrap()
        };
        let first = SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", time);
        let once = dsig::sign(SAMPLE, &first, &signer(RSA_KEY, RSA_CERT, SignatureAlgorithm::RSA_SHA256)).unwrap();
        let mut second = SignatureRequest::new("data-1", &["DSCKS", "HieuTruong"], "sig-HieuTruong", time);
        second.countersign = vec!["sig-GVCN-SignatureValue".into()];
        let signed = dsig::sign(&once, &second, &signer(EC_KEY, EC_CERT, SignatureAlgorithm::ECDSA_SHA256)).unwrap();
        let options = VerifyOptions {
            trusted_keys: vec![PublicKey::from_pem_or_der(RSA_CERT).unwrap(), PublicKey::from_pem_or_der(EC_CERT).unwrap()],
            ..VerifyOptions::default()
        };
        let doc = Document::parse(&signed).unwrap();
        let verified = dsig::verify(&doc, &options).unwrap();
        let signed = verified.iter().flat_map(|s| s.references().iter().map(|r| r.canonical_bytes().to_vec())).collect();
        Genuine { options, signed }
    })
}

fuzz_target!(|input: &[u8]| {
    let genuine = genuine();
    let Ok(doc) = Document::parse(input) else { return };
    let Ok(signatures) = dsig::verify(&doc, &genuine.options) else { return };
    // Every reference that verified covers bytes one of the genuine signatures covered.
    for signature in &signatures {
        for reference in signature.references() {
            assert!(
                genuine.signed.iter().any(|bytes| bytes == reference.canonical_bytes()),
                "a mutation verified over new bytes:\n{}",
                String::from_utf8_lossy(reference.canonical_bytes())
            );
        }
    }
});
