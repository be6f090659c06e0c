//! Signatures inside X.509 structures (certificates, CRLs, OCSP responses, time-stamp tokens),
//! checked through the caller's [`CryptoProvider`] so the PKI layer uses the same code, and the
//! same algorithm allow-list, as XML signatures.

use der::Decode;
use der::asn1::UintRef;
use der::oid::ObjectIdentifier;

use crate::cache::Caches;
use crate::crypto::{CryptoProvider, DigestAlgorithm, SignatureAlgorithm, SignatureScheme};

/// Why an X.509-level signature was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum X509SignatureError {
    /// The algorithm is none of those verified in X.509 structures (RSA PKCS#1 v1.5 and ECDSA;
    /// RSASSA-PSS is refused); carries the dotted OID or why the crypto provider refused it.
    #[error("unsupported signature algorithm {0}")]
    UnsupportedAlgorithm(String),
    /// A SHA-1 algorithm (named) while [`PathPolicy::allow_sha1`](super::PathPolicy::allow_sha1)
    /// is off.
    #[error("signature algorithm {0} rests on SHA-1, accepted only with the legacy option")]
    WeakAlgorithm(String),
    /// The issuer's public key cannot be read; carries why.
    #[error("the issuer's public key cannot be read: {0}")]
    BadKey(String),
    /// The signature does not verify under the key.
    #[error("the signature does not verify")]
    BadSignature,
}

/// The XMLDSig algorithm that an X.509 `AlgorithmIdentifier` names. RSASSA-PSS in certificates
/// is not used by Vietnamese CAs and is refused rather than half-supported.
pub(crate) fn algorithm_for_oid(
    oid: &ObjectIdentifier,
    allow_sha1: bool,
) -> Result<SignatureAlgorithm, X509SignatureError> {
    let uri = match oid.to_string().as_str() {
        "1.2.840.113549.1.1.5" => "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
        "1.2.840.113549.1.1.14" => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha224",
        "1.2.840.113549.1.1.11" => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "1.2.840.113549.1.1.12" => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        "1.2.840.113549.1.1.13" => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        "1.2.840.10045.4.1" => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
        "1.2.840.10045.4.3.1" => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha224",
        "1.2.840.10045.4.3.2" => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        "1.2.840.10045.4.3.3" => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        "1.2.840.10045.4.3.4" => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
        other => return Err(X509SignatureError::UnsupportedAlgorithm(other.to_owned())),
    };
    let algorithm =
        SignatureAlgorithm::from_uri(uri).map_err(|e| X509SignatureError::UnsupportedAlgorithm(e.to_string()))?;
    if algorithm.is_weak() && !allow_sha1 {
        return Err(X509SignatureError::WeakAlgorithm(algorithm.short_name()));
    }
    Ok(algorithm)
}

/// Checks `signature` (the BIT STRING's bytes) over `message` by `spki_der`'s key.
pub(crate) fn verify_x509_signature(
    provider: &dyn CryptoProvider,
    caches: &Caches,
    algorithm_oid: &ObjectIdentifier,
    spki_der: &[u8],
    message: &[u8],
    signature: &[u8],
    allow_sha1: bool,
) -> Result<(), X509SignatureError> {
    let algorithm = algorithm_for_oid(algorithm_oid, allow_sha1)?;
    let key = caches.public_key(spki_der).map_err(|e| X509SignatureError::BadKey(e.to_string()))?;
    let value = match algorithm.scheme() {
        SignatureScheme::Ecdsa => {
            let curve = key.curve().ok_or(X509SignatureError::BadSignature)?;
            ecdsa_der_to_fixed(signature, curve.field_bytes()).ok_or(X509SignatureError::BadSignature)?
        }
        _ => signature.to_vec(),
    };
    provider.verify(algorithm, &key, message, &value).map_err(|_| X509SignatureError::BadSignature)
}

/// The digest of `data`: OCSP CertIDs and time-stamp imprints.
pub(crate) fn digest(provider: &dyn CryptoProvider, algorithm: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
    let mut d = provider.digest(algorithm);
    d.update(data);
    d.finish()
}

/// `SEQUENCE { r INTEGER, s INTEGER }` to `r || s`, each left-padded to the field size.
fn ecdsa_der_to_fixed(der: &[u8], field_bytes: usize) -> Option<Vec<u8>> {
    #[derive(der::Sequence)]
    struct EcdsaSigValue<'a> {
        r: UintRef<'a>,
        s: UintRef<'a>,
    }
    let value = EcdsaSigValue::from_der(der).ok()?;
    let mut out = vec![0u8; field_bytes * 2];
    for (i, part) in [value.r.as_bytes(), value.s.as_bytes()].into_iter().enumerate() {
        if part.len() > field_bytes {
            return None;
        }
        let end = field_bytes * (i + 1);
        out[end - part.len()..end].copy_from_slice(part);
    }
    Some(out)
}
