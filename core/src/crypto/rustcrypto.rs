//! The pure-Rust provider (RustCrypto): no C, so it builds for WASM.

use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use rsa::traits::PublicKeyParts as _;
use sha2::Digest as _;

use super::algorithms::SignatureScheme;
use super::keys::{EcdsaVerifyingKey, get_or_try_init};
use super::rsassa::{verify_pkcs1v15, verify_pss};
use super::sealed::OnlyHocba;
use super::{
    CryptoError, CryptoProvider, Curve, Digest, DigestAlgorithm, KeyType, PrivateKey, PublicKey, SignatureAlgorithm,
};

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
        algorithm.check_key_type(key.key_type())?;
        if algorithm.scheme() == SignatureScheme::Ecdsa {
            let mut digest = self.digest(algorithm.digest());
            digest.update(message);
            verify_ecdsa(key, &digest.finish(), signature)
        } else {
            verify_rsa(algorithm, key, message, signature)
        }
    }

    fn sign(&self, algorithm: SignatureAlgorithm, key: &PrivateKey, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        algorithm.check_key_type(key.public_key().key_type())?;
        if algorithm.scheme() == SignatureScheme::Ecdsa {
            let mut digest = self.digest(algorithm.digest());
            digest.update(message);
            sign_ecdsa(key, &digest.finish())
        } else {
            sign_rsa(algorithm, key, message)
        }
    }

    fn fill_random(&self, out: &mut [u8]) -> Result<(), CryptoError> {
        // The operating system's generator, as for RSA-PSS salts (`sign_rsa_pss`).
        #[cfg(not(target_arch = "wasm32"))]
        {
            getrandom::fill(out).map_err(|e| CryptoError::NoRandomness(e.to_string()))
        }
        #[cfg(target_arch = "wasm32")]
        {
            let _ = out;
            Err(CryptoError::NoRandomness("the WASM build has no random number generator".to_owned()))
        }
    }

    fn checks_rsa_results(&self, _: OnlyHocba) -> bool {
        // The `rsa` crate signs (PKCS#1 v1.5 and PSS) through `rsa_decrypt_and_check`, which refuses
        // a result that the public exponent does not map back to the input.
        true
    }
}

fn sign_rsa(algorithm: SignatureAlgorithm, key: &PrivateKey, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::signature::{SignatureEncoding, Signer};
    let private = get_or_try_init(&key.decoded.rsa, || {
        rsa::PrivateKey::from_pkcs8_der(key.pkcs8_der()).map_err(|e| CryptoError::InvalidKey(e.to_string()))
    })?
    .clone();
    let failed = |e: rsa::signature::Error| CryptoError::SigningFailed(e.to_string());
    macro_rules! pkcs1 {
        ($digest:ty) => {
            rsa::pkcs1v15::SigningKey::<$digest>::new(private).try_sign(message).map_err(failed).map(|s| s.to_vec())
        };
    }
    match (algorithm.scheme(), algorithm.digest()) {
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha1) => pkcs1!(sha1::Sha1),
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha224) => pkcs1!(sha2::Sha224),
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha256) => pkcs1!(sha2::Sha256),
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha384) => pkcs1!(sha2::Sha384),
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha512) => pkcs1!(sha2::Sha512),
        (SignatureScheme::RsaPss, digest) => sign_rsa_pss(private, digest, message),
        _ => Err(CryptoError::UnsupportedAlgorithm(algorithm.uri().to_owned())),
    }
}

/// RSASSA-PSS needs a random salt: the operating system's generator.
#[cfg(not(target_arch = "wasm32"))]
fn sign_rsa_pss(private: rsa::PrivateKey, digest: DigestAlgorithm, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
    use rsa::signature::{RandomizedSigner, SignatureEncoding};
    let failed = |e: rsa::signature::Error| CryptoError::SigningFailed(e.to_string());
    let mut rng = getrandom::SysRng;
    macro_rules! pss {
        ($digest:ty) => {
            rsa::pss::SigningKey::<$digest>::new(private)
                .try_sign_with_rng(&mut rng, message)
                .map_err(failed)
                .map(|s| s.to_vec())
        };
    }
    // SHA-1 too, as OpenSSL does: the providers agree, and only the XMLDSig signer refuses weak
    // algorithms for new signatures.
    match digest {
        DigestAlgorithm::Sha1 => pss!(sha1::Sha1),
        DigestAlgorithm::Sha224 => pss!(sha2::Sha224),
        DigestAlgorithm::Sha256 => pss!(sha2::Sha256),
        DigestAlgorithm::Sha384 => pss!(sha2::Sha384),
        DigestAlgorithm::Sha512 => pss!(sha2::Sha512),
    }
}

#[cfg(target_arch = "wasm32")]
fn sign_rsa_pss(_: rsa::PrivateKey, _: DigestAlgorithm, _: &[u8]) -> Result<Vec<u8>, CryptoError> {
    Err(CryptoError::UnsupportedAlgorithm("RSA-PSS signing in the WASM build (verification only)".into()))
}

/// Deterministic ECDSA (RFC 6979) over a digest computed by the caller.
fn sign_ecdsa(key: &PrivateKey, prehash: &[u8]) -> Result<Vec<u8>, CryptoError> {
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    use p256::pkcs8::DecodePrivateKey;
    let invalid = |e: p256::pkcs8::Error| CryptoError::InvalidKey(e.to_string());
    let failed = |e: p256::ecdsa::Error| CryptoError::SigningFailed(e.to_string());
    let der = key.pkcs8_der();
    let raw = match key.public_key().curve() {
        Some(Curve::P256) => {
            let signature: p256::ecdsa::Signature =
                p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(invalid)?.sign_prehash(prehash).map_err(failed)?;
            signature.to_bytes().to_vec()
        }
        Some(Curve::P384) => {
            let signature: p384::ecdsa::Signature =
                p384::ecdsa::SigningKey::from_pkcs8_der(der).map_err(invalid)?.sign_prehash(prehash).map_err(failed)?;
            signature.to_bytes().to_vec()
        }
        Some(Curve::P521) => {
            let signature: p521::ecdsa::Signature =
                p521::ecdsa::SigningKey::from_pkcs8_der(der).map_err(invalid)?.sign_prehash(prehash).map_err(failed)?;
            signature.to_bytes().to_vec()
        }
        None => return Err(CryptoError::KeyMismatch { key: KeyType::Rsa, algorithm: "ECDSA" }),
    };
    Ok(raw)
}

fn verify_rsa(
    algorithm: SignatureAlgorithm,
    key: &PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    use der::Decode;
    let public = get_or_try_init(&key.decoded.rsa, || {
        let spki = spki::SubjectPublicKeyInfoRef::from_der(key.spki_der())
            .map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
        rsa::PublicKey::try_from(spki).map_err(|e| CryptoError::InvalidKey(e.to_string()))
    })?;
    // RSA signatures are exactly as long as the modulus (RFC 8017 sections 8.1.2 and 8.2.2).
    if signature.len() != public.size() {
        return Err(CryptoError::MalformedSignature(algorithm.uri()));
    }
    let valid = match (algorithm.scheme(), algorithm.digest()) {
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha1) => {
            verify_pkcs1v15::<sha1::Sha1>(public, message, signature)
        }
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha224) => {
            verify_pkcs1v15::<sha2::Sha224>(public, message, signature)
        }
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha256) => {
            verify_pkcs1v15::<sha2::Sha256>(public, message, signature)
        }
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha384) => {
            verify_pkcs1v15::<sha2::Sha384>(public, message, signature)
        }
        (SignatureScheme::RsaPkcs1v15, DigestAlgorithm::Sha512) => {
            verify_pkcs1v15::<sha2::Sha512>(public, message, signature)
        }
        (SignatureScheme::RsaPss, DigestAlgorithm::Sha1) => verify_pss::<sha1::Sha1>(public, message, signature),
        (SignatureScheme::RsaPss, DigestAlgorithm::Sha224) => verify_pss::<sha2::Sha224>(public, message, signature),
        (SignatureScheme::RsaPss, DigestAlgorithm::Sha256) => verify_pss::<sha2::Sha256>(public, message, signature),
        (SignatureScheme::RsaPss, DigestAlgorithm::Sha384) => verify_pss::<sha2::Sha384>(public, message, signature),
        (SignatureScheme::RsaPss, DigestAlgorithm::Sha512) => verify_pss::<sha2::Sha512>(public, message, signature),
        _ => return Err(CryptoError::UnsupportedAlgorithm(algorithm.uri().to_owned())),
    };
    if valid { Ok(()) } else { Err(CryptoError::BadSignature) }
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
    let verifying_key = get_or_try_init(&key.decoded.ecdsa, || {
        Ok(match curve {
            Curve::P256 => {
                EcdsaVerifyingKey::P256(p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(invalid_key)?)
            }
            Curve::P384 => {
                EcdsaVerifyingKey::P384(p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(invalid_key)?)
            }
            Curve::P521 => {
                EcdsaVerifyingKey::P521(p521::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(invalid_key)?)
            }
        })
    })?;
    let verified = match verifying_key {
        EcdsaVerifyingKey::P256(k) => {
            k.verify_prehash(prehash, &p256::ecdsa::Signature::from_slice(signature).map_err(malformed)?)
        }
        EcdsaVerifyingKey::P384(k) => {
            k.verify_prehash(prehash, &p384::ecdsa::Signature::from_slice(signature).map_err(malformed)?)
        }
        EcdsaVerifyingKey::P521(k) => {
            k.verify_prehash(prehash, &p521::ecdsa::Signature::from_slice(signature).map_err(malformed)?)
        }
    };
    verified.map_err(|_| CryptoError::BadSignature)
}
