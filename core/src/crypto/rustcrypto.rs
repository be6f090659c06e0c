//! The pure-Rust provider (RustCrypto): no C, so it builds for WASM.

use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use sha2::Digest as _;

use super::algorithms::SignatureScheme;
use super::{CryptoError, CryptoProvider, Curve, Digest, DigestAlgorithm, KeyType, PublicKey, SignatureAlgorithm};

/// The RustCrypto provider.
pub static RUSTCRYPTO: RustCrypto = RustCrypto;

/// See [`RUSTCRYPTO`].
#[derive(Debug)]
pub struct RustCrypto;

struct Hasher<D>(D);

impl<D: sha2::Digest + Send + 'static> Digest for Hasher<D> {
    fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    fn finish(self: Box<Self>) -> Vec<u8> {
        self.0.finalize().to_vec()
    }
}

impl CryptoProvider for RustCrypto {
    fn name(&self) -> &'static str {
        "rustcrypto"
    }

    fn digest(&self, algorithm: DigestAlgorithm) -> Box<dyn Digest> {
        match algorithm {
            DigestAlgorithm::Sha1 => Box::new(Hasher(sha1::Sha1::new())),
            DigestAlgorithm::Sha224 => Box::new(Hasher(sha2::Sha224::new())),
            DigestAlgorithm::Sha256 => Box::new(Hasher(sha2::Sha256::new())),
            DigestAlgorithm::Sha384 => Box::new(Hasher(sha2::Sha384::new())),
            DigestAlgorithm::Sha512 => Box::new(Hasher(sha2::Sha512::new())),
        }
    }

    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        key: &PublicKey,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        match (algorithm.scheme(), key.key_type()) {
            (SignatureScheme::RsaPkcs1v15 | SignatureScheme::RsaPss, KeyType::Rsa) => {
                verify_rsa(algorithm, key, message, signature)
            }
            (SignatureScheme::Ecdsa, KeyType::Ec) => {
                let mut digest = self.digest(algorithm.digest());
                digest.update(message);
                verify_ecdsa(key, &digest.finish(), signature)
            }
            (_, key_type) => Err(CryptoError::KeyMismatch { key: key_type, algorithm: algorithm.uri() }),
        }
    }
}

fn verify_rsa(
    algorithm: SignatureAlgorithm,
    key: &PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    use der::Decode;
    let spki =
        spki::SubjectPublicKeyInfoRef::from_der(key.spki_der()).map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
    let public = rsa::PublicKey::try_from(spki).map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
    let malformed = |_| CryptoError::MalformedSignature(algorithm.uri());
    macro_rules! check {
        ($module:ident, $digest:ty) => {{
            let signature = rsa::$module::Signature::try_from(signature).map_err(malformed)?;
            rsa::$module::VerifyingKey::<$digest>::new(public)
                .verify(message, &signature)
                .map_err(|_| CryptoError::BadSignature)
        }};
    }
    match (algorithm.scheme(), algorithm.digest()) {
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha1) => check!(pkcs1v15, sha1::Sha1),
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha224) => check!(pkcs1v15, sha2::Sha224),
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha256) => check!(pkcs1v15, sha2::Sha256),
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha384) => check!(pkcs1v15, sha2::Sha384),
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha512) => check!(pkcs1v15, sha2::Sha512),
        (SignatureScheme::RsaPss, DigestAlgorithm::Sha256) => check!(pss, sha2::Sha256),
        (SignatureScheme::RsaPss, DigestAlgorithm::Sha384) => check!(pss, sha2::Sha384),
        (SignatureScheme::RsaPss, DigestAlgorithm::Sha512) => check!(pss, sha2::Sha512),
        _ => Err(CryptoError::UnsupportedAlgorithm(algorithm.uri().to_owned())),
    }
}

/// ECDSA over a digest computed by the caller (XMLDSig pairs any curve with any SHA digest; the
/// digest is truncated to the curve's order as FIPS 186 specifies).
fn verify_ecdsa(key: &PublicKey, prehash: &[u8], signature: &[u8]) -> Result<(), CryptoError> {
    let curve = key.curve().ok_or(CryptoError::KeyMismatch { key: KeyType::Rsa, algorithm: "ECDSA" })?;
    if signature.len() != 2 * curve.field_bytes() {
        return Err(CryptoError::MalformedSignature("ECDSA (r || s of the curve's size)"));
    }
    let invalid_key = |e: p256::ecdsa::Error| CryptoError::InvalidKey(e.to_string());
    let malformed = |_| CryptoError::MalformedSignature("ECDSA");
    let point = key.key_bits();
    let verified = match curve {
        Curve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
            .map_err(invalid_key)?
            .verify_prehash(prehash, &p256::ecdsa::Signature::from_slice(signature).map_err(malformed)?),
        Curve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
            .map_err(invalid_key)?
            .verify_prehash(prehash, &p384::ecdsa::Signature::from_slice(signature).map_err(malformed)?),
        Curve::P521 => p521::ecdsa::VerifyingKey::from_sec1_bytes(point)
            .map_err(invalid_key)?
            .verify_prehash(prehash, &p521::ecdsa::Signature::from_slice(signature).map_err(malformed)?),
    };
    verified.map_err(|_| CryptoError::BadSignature)
}
