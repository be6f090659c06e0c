//! Both providers sign and verify every algorithm with every key, and each verifies the other's
//! signatures: what one produces, the other accepts; a changed message or signature fails.

use hocba::crypto::{self, CryptoError, FileKind, PrivateKey, PublicKey, SignatureAlgorithm, SignatureScheme};

fn key_file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn private(name: &str) -> PrivateKey {
    PrivateKey::from_pem_or_der(&key_file(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_provider_pair_agrees_on_every_algorithm() {
    let message = "<SignedInfo>Học bạ số</SignedInfo>".as_bytes();
    let mut checked = 0;
    for name in ["rsa2048-key.pem", "p256-key.pem", "p384-key.pem", "p521-key.pem"] {
        let key = private(name);
        let certificate = PublicKey::from_pem_or_der(&key_file(&name.replace("-key.pem", "-cert.pem"))).unwrap();
        assert_eq!(&certificate, key.public_key(), "{name}: the certificate's key is the private key's");
        for algorithm in SignatureAlgorithm::all() {
            let fits = matches!(
                (algorithm.scheme(), key.public_key().key_type()),
                (SignatureScheme::Ecdsa, crypto::KeyType::Ec)
                    | (SignatureScheme::RsaPkcs1v15 | SignatureScheme::RsaPss, crypto::KeyType::Rsa)
            );
            for signer in crypto::providers() {
                let signed = signer.sign(algorithm, &key, message);
                if !fits {
                    assert!(matches!(signed, Err(CryptoError::KeyMismatch { .. })), "{name} {algorithm:?}");
                    continue;
                }
                let signature = signed.unwrap_or_else(|e| panic!("{} {name} {algorithm:?}: {e}", signer.name()));
                for verifier in crypto::providers() {
                    let context =
                        format!("{} signed, {} verified, {name}, {}", signer.name(), verifier.name(), algorithm.uri());
                    verifier
                        .verify(algorithm, key.public_key(), message, &signature)
                        .unwrap_or_else(|e| panic!("{context}: {e}"));
                    assert_eq!(
                        verifier.verify(algorithm, key.public_key(), b"changed", &signature),
                        Err(CryptoError::BadSignature),
                        "{context}"
                    );
                    let mut flipped = signature.clone();
                    flipped[signature.len() / 2] ^= 1;
                    assert!(verifier.verify(algorithm, key.public_key(), message, &flipped).is_err(), "{context}");
                    checked += 1;
                }
            }
        }
    }
    // 10 RSA algorithms and 5 ECDSA ones on three curves, each by every signer/verifier pair.
    let pairs = crypto::providers().len().pow(2);
    assert_eq!(checked, (10 + 5 * 3) * pairs);
}

#[test]
fn keys_load_from_every_encoding_and_agree() {
    let pkcs8 = private("rsa2048-key.pem");
    for other in ["rsa2048-key.der", "rsa2048-key-pkcs1.pem", "rsa2048-key-pkcs1.der"] {
        assert_eq!(private(other).public_key(), pkcs8.public_key(), "{other}");
    }
    assert_eq!(private("p256-key-sec1.pem").public_key(), private("p256-key.pem").public_key());
    let from_der_cert = PublicKey::from_pem_or_der(&key_file("rsa2048-cert.der")).unwrap();
    assert_eq!(&from_der_cert, pkcs8.public_key());
    assert_eq!(pkcs8.public_key().bits(), 2048);
    // Private keys never print their material.
    let shown = format!("{pkcs8:?}");
    assert!(shown.contains("elided") && !shown.contains("MII"), "{shown}");
}

#[test]
fn unusable_keys_are_refused_with_a_reason() {
    // Not a key file at all: named for what it is, with what to give instead.
    let text = PublicKey::from_pem_or_der(b"not a key");
    assert!(
        matches!(text, Err(CryptoError::WrongFile { expected: FileKind::PublicKey, found: FileKind::NotPemOrDer })),
        "{text:?}"
    );
    let other_pem = PrivateKey::from_pem_or_der(b"-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n");
    assert!(
        matches!(other_pem, Err(CryptoError::WrongFile { expected: FileKind::PrivateKey, found: FileKind::OtherPem })),
        "{other_pem:?}"
    );
    // A 512-bit RSA key is below every floor.
    let small = PublicKey::from_pem_or_der(&key_file("rsa512-pub.pem"));
    assert!(matches!(small, Err(CryptoError::KeyTooSmall { bits: 512, minimum: 1024, .. })), "{small:?}");
}

#[cfg(feature = "openssl")]
#[test]
fn pkcs12_files_open_with_their_password() {
    use hocba::crypto::Pkcs12Identity;
    let password = String::from_utf8(key_file("rsa2048.p12.password")).unwrap();
    let identity = Pkcs12Identity::from_der(&key_file("rsa2048.p12"), password.trim()).unwrap();
    assert_eq!(identity.key.public_key(), private("rsa2048-key.pem").public_key());
    assert_eq!(identity.certificates[0], key_file("rsa2048-cert.der"));
    assert!(matches!(Pkcs12Identity::from_der(&key_file("rsa2048.p12"), "wrong"), Err(CryptoError::Pkcs12Password)));
    // A certificate is not a PKCS#12 file.
    let certificate = Pkcs12Identity::from_der(&key_file("rsa2048-cert.der"), "wrong");
    assert!(
        matches!(certificate, Err(CryptoError::WrongFile { expected: FileKind::Pkcs12, found: FileKind::Certificate })),
        "{certificate:?}"
    );
}
