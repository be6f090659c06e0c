//! The native provider: OpenSSL.

use openssl::bn::BigNum;
use openssl::ecdsa::EcdsaSig;
use openssl::hash::{Hasher, MessageDigest};
use openssl::pkey::PKey;
use openssl::rsa::Padding;
use openssl::sign::{RsaPssSaltlen, Signer, Verifier};

use super::algorithms::SignatureScheme;
use super::keys::get_or_try_init;
use super::sealed::OnlyHocba;
use super::{CryptoError, CryptoProvider, Digest, DigestAlgorithm, KeyType, PrivateKey, PublicKey, SignatureAlgorithm};

/// The OpenSSL provider.
pub static OPENSSL: OpenSsl = OpenSsl;

/// See [`OPENSSL`].
#[derive(Debug)]
pub struct OpenSsl;

fn message_digest(algorithm: DigestAlgorithm) -> MessageDigest {
    match algorithm {
        DigestAlgorithm::Sha1 => MessageDigest::sha1(),
        DigestAlgorithm::Sha224 => MessageDigest::sha224(),
        DigestAlgorithm::Sha256 => MessageDigest::sha256(),
        DigestAlgorithm::Sha384 => MessageDigest::sha384(),
        DigestAlgorithm::Sha512 => MessageDigest::sha512(),
    }
}

struct OpenSslDigest(Hasher);

impl Digest for OpenSslDigest {
    fn update(&mut self, data: &[u8]) {
        // Hasher::update fails only on a misuse of the state machine, which this type prevents.
        self.0.update(data).expect("digest update");
    }

    fn finish(mut self: Box<Self>) -> Vec<u8> {
        self.0.finish().expect("digest finish").to_vec()
    }
}

impl CryptoProvider for OpenSsl {
    fn name(&self) -> &'static str {
        "openssl"
    }

    fn digest(&self, algorithm: DigestAlgorithm) -> Box<dyn Digest> {
        Box::new(OpenSslDigest(Hasher::new(message_digest(algorithm)).expect("digest available in OpenSSL")))
    }

    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        key: &PublicKey,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        let scheme = algorithm.scheme();
        match (scheme, key.key_type()) {
            (SignatureScheme::RsaPkcs1v15 | SignatureScheme::RsaPss, KeyType::Rsa)
            | (SignatureScheme::Ecdsa, KeyType::Ec) => {}
            (_, key_type) => return Err(CryptoError::KeyMismatch { key: key_type, algorithm: algorithm.uri() }),
        }
        let pkey = get_or_try_init(&key.decoded.openssl, || PKey::public_key_from_der(key.spki_der()))
            .map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
        // RSA signatures are exactly as long as the modulus (RFC 8017 section 8.1.2 and 8.2.2):
        // OpenSSL would accept a PSS value without its leading zero byte, RustCrypto would not.
        if scheme != SignatureScheme::Ecdsa && signature.len() != key.bits().div_ceil(8) {
            return Err(CryptoError::MalformedSignature(algorithm.uri()));
        }
        let der_signature;
        let signature = if scheme == SignatureScheme::Ecdsa {
            der_signature = ecdsa_to_der(key, signature)?;
            &der_signature[..]
        } else {
            signature
        };
        let openssl_error = |e: openssl::error::ErrorStack| CryptoError::InvalidKey(e.to_string());
        let md = message_digest(algorithm.digest());
        let mut verifier = Verifier::new(md, pkey).map_err(openssl_error)?;
        match scheme {
            SignatureScheme::RsaPkcs1v15 => verifier.set_rsa_padding(Padding::PKCS1).map_err(openssl_error)?,
            SignatureScheme::RsaPss => {
                verifier.set_rsa_padding(Padding::PKCS1_PSS).map_err(openssl_error)?;
                verifier.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH).map_err(openssl_error)?;
                verifier.set_rsa_mgf1_md(md).map_err(openssl_error)?;
            }
            SignatureScheme::Ecdsa => {}
        }
        verifier.update(message).map_err(openssl_error)?;
        // A malformed signature makes OpenSSL report an error rather than `false`: both are "no".
        match verifier.verify(signature) {
            Ok(true) => Ok(()),
            Ok(false) | Err(_) => Err(CryptoError::BadSignature),
        }
    }

    fn sign(&self, algorithm: SignatureAlgorithm, key: &PrivateKey, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let public = key.public_key();
        algorithm.check_key_type(public.key_type())?;
        let failed = |e: openssl::error::ErrorStack| CryptoError::SigningFailed(e.to_string());
        let pkey =
            get_or_try_init(&key.decoded.openssl, || PKey::private_key_from_pkcs8(key.pkcs8_der())).map_err(failed)?;
        let md = message_digest(algorithm.digest());
        let mut signer = Signer::new(md, pkey).map_err(failed)?;
        match algorithm.scheme() {
            SignatureScheme::RsaPkcs1v15 => signer.set_rsa_padding(Padding::PKCS1).map_err(failed)?,
            SignatureScheme::RsaPss => {
                signer.set_rsa_padding(Padding::PKCS1_PSS).map_err(failed)?;
                signer.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH).map_err(failed)?;
                signer.set_rsa_mgf1_md(md).map_err(failed)?;
            }
            SignatureScheme::Ecdsa => {}
        }
        signer.update(message).map_err(failed)?;
        let signature = signer.sign_to_vec().map_err(failed)?;
        match public.curve() {
            // OpenSSL writes a DER ECDSA-Sig-Value; XMLDSig wants r || s, each padded to the curve.
            Some(curve) => {
                let sig = EcdsaSig::from_der(&signature).map_err(failed)?;
                let width = curve.field_bytes() as i32;
                let mut raw = sig.r().to_vec_padded(width).map_err(failed)?;
                raw.extend(sig.s().to_vec_padded(width).map_err(failed)?);
                Ok(raw)
            }
            None => Ok(signature),
        }
    }

    fn fill_random(&self, out: &mut [u8]) -> Result<(), CryptoError> {
        // OpenSSL's own generator, which its RSA-PSS signing draws salts from too.
        openssl::rand::rand_bytes(out).map_err(|e| CryptoError::NoRandomness(e.to_string()))
    }

    fn checks_rsa_results(&self, _: OnlyHocba) -> bool {
        // OpenSSL's RSA private-key operation (`rsa_ossl_mod_exp`) raises its CRT result to the
        // public exponent and, when that does not give the input back, recomputes without CRT.
        true
    }
}

/// XMLDSig's `r || s` as the DER `ECDSA-Sig-Value` OpenSSL reads.
fn ecdsa_to_der(key: &PublicKey, signature: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let curve = key.curve().ok_or(CryptoError::KeyMismatch { key: KeyType::Rsa, algorithm: "ECDSA" })?;
    if signature.len() != 2 * curve.field_bytes() {
        return Err(CryptoError::MalformedSignature("ECDSA (r || s of the curve's size)"));
    }
    let (r, s) = signature.split_at(curve.field_bytes());
    let malformed = |_| CryptoError::MalformedSignature("ECDSA");
    let sig = EcdsaSig::from_private_components(
        BigNum::from_slice(r).map_err(malformed)?,
        BigNum::from_slice(s).map_err(malformed)?,
    )
    .map_err(malformed)?;
    sig.to_der().map_err(malformed)
}
