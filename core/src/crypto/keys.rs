//! Public keys, read from SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7) or from a certificate.

use std::fmt;

use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};

use super::{CryptoError, FileKind};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

/// RSA keys below this size are never read (the security checklist's floor for old signatures).
pub(crate) const MIN_RSA_BITS: usize = 1024;

/// RSA keys above this size are never read: the pure-Rust provider's ceiling, applied to both
/// providers so they agree, and so one verification attempt costs a bounded time.
pub(crate) const MAX_RSA_BITS: usize = 8192;

/// The largest RSA public exponent read, 2^33 - 1 (ring's and the `rsa` crate's bound; real keys
/// use 65537). RFC 8017 allows any odd exponent below the modulus, but verifying under a
/// modulus-sized one costs as much as a private-key operation, for every key an attacker offers.
pub(crate) const MAX_RSA_EXPONENT_BITS: usize = 33;

/// The kind of a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// RSA.
    Rsa,
    /// Elliptic curve (ECDSA), on one of the [`Curve`]s.
    Ec,
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyType::Rsa => "RSA",
            KeyType::Ec => "EC",
        })
    }
}

/// The NIST curves ECDSA keys may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Curve {
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1).
    P521,
}

impl Curve {
    /// Bytes of one coordinate, and of each of `r` and `s` in an XMLDSig ECDSA signature.
    pub const fn field_bytes(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// A public key: its SubjectPublicKeyInfo, checked and classified.
#[derive(Clone)]
pub struct PublicKey {
    spki_der: Vec<u8>,
    details: Details,
    /// Byte range of the subjectPublicKey bits inside `spki_der`.
    key_bits: std::ops::Range<usize>,
    /// Each provider's decoded form of the key, made on first use and shared by clones: decoding
    /// costs more than a verification.
    pub(crate) decoded: std::sync::Arc<DecodedPublicKey>,
}

/// See [`PublicKey::decoded`].
#[derive(Default)]
pub(crate) struct DecodedPublicKey {
    #[cfg(feature = "openssl")]
    pub(crate) openssl: std::sync::OnceLock<openssl::pkey::PKey<openssl::pkey::Public>>,
    pub(crate) rsa: std::sync::OnceLock<rsa::PublicKey>,
    pub(crate) ecdsa: std::sync::OnceLock<EcdsaVerifyingKey>,
}

/// An ECDSA verifying key on one of the supported curves.
pub(crate) enum EcdsaVerifyingKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        // Everything else is derived from the SubjectPublicKeyInfo.
        self.spki_der == other.spki_der
    }
}

impl Eq for PublicKey {}

/// The cached value of `cell`, made by `make` the first time (`OnceLock::get_or_try_init` is
/// not stable yet).
pub(crate) fn get_or_try_init<T, E>(
    cell: &std::sync::OnceLock<T>,
    make: impl FnOnce() -> Result<T, E>,
) -> Result<&T, E> {
    if let Some(value) = cell.get() {
        return Ok(value);
    }
    let value = make()?;
    Ok(cell.get_or_init(|| value))
}

/// The modulus size in bits, if it and the public exponent's are within the limits.
fn check_rsa_sizes(modulus: &[u8], exponent: &[u8]) -> Result<usize, CryptoError> {
    let bit_length = |bytes: &[u8]| match bytes.iter().position(|&b| b != 0) {
        Some(i) => (bytes.len() - i) * 8 - bytes[i].leading_zeros() as usize,
        None => 0,
    };
    let bits = bit_length(modulus);
    if bits < MIN_RSA_BITS {
        return Err(CryptoError::KeyTooSmall { key: KeyType::Rsa, bits, minimum: MIN_RSA_BITS });
    }
    if bits > MAX_RSA_BITS {
        return Err(CryptoError::KeyTooLarge { key: KeyType::Rsa, bits, maximum: MAX_RSA_BITS });
    }
    let exponent_bits = bit_length(exponent);
    if exponent_bits > MAX_RSA_EXPONENT_BITS {
        return Err(CryptoError::RsaExponentTooLarge { bits: exponent_bits, maximum_bits: MAX_RSA_EXPONENT_BITS });
    }
    Ok(bits)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Details {
    Rsa { bits: usize },
    Ec(Curve),
}

impl PublicKey {
    /// Reads a DER SubjectPublicKeyInfo: an RSA key of 1024 to 8192 bits whose public exponent
    /// has at most 33 bits, or an EC key on
    /// P-256, P-384 or P-521 whose point lies on the curve.
    ///
    /// Each call reads the key anew; [`crate::cache::Caches::public_key`] reads the same bytes
    /// once per configuration.
    pub fn from_spki_der(der: &[u8]) -> Result<Self, CryptoError> {
        Self::read_spki_der(der)
    }

    fn read_spki_der(der: &[u8]) -> Result<Self, CryptoError> {
        let invalid = |e: &dyn fmt::Display| CryptoError::InvalidKey(e.to_string());
        let spki = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|e| invalid(&e))?;
        let bits = spki.subject_public_key.as_bytes().ok_or_else(|| invalid(&"public key has unused bits"))?;
        let details = match spki.algorithm.oid {
            RSA_ENCRYPTION => {
                // The size first, from the ASN.1, so a small key gets its own error.
                let asn1 =
                    rsa::pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(bits).map_err(|e| invalid(&e))?;
                let modulus = asn1.modulus.as_bytes();
                let exponent = asn1.public_exponent.as_bytes();
                let bits = check_rsa_sizes(modulus, exponent)?;
                // Structure only: the providers decode the key (an expensive precomputation for
                // the pure-Rust one) when they first use it.
                let odd = |bytes: &[u8]| bytes.last().is_some_and(|b| b & 1 == 1);
                let exponent_fits =
                    exponent.len() < modulus.len() || (exponent.len() == modulus.len() && exponent < modulus);
                if !odd(modulus) || !odd(exponent) || exponent == [1] || !exponent_fits {
                    return Err(invalid(&"RSA modulus or exponent out of range"));
                }
                Details::Rsa { bits }
            }
            EC_PUBLIC_KEY => {
                let curve_oid: ObjectIdentifier = spki
                    .algorithm
                    .parameters
                    .ok_or_else(|| invalid(&"EC key without a named curve"))?
                    .decode_as()
                    .map_err(|e| invalid(&e))?;
                let curve = match curve_oid {
                    SECP256R1 => Curve::P256,
                    SECP384R1 => Curve::P384,
                    SECP521R1 => Curve::P521,
                    other => return Err(invalid(&format_args!("unsupported curve {other}"))),
                };
                let on_curve = match curve {
                    Curve::P256 => p256::PublicKey::from_sec1_bytes(bits).is_ok(),
                    Curve::P384 => p384::PublicKey::from_sec1_bytes(bits).is_ok(),
                    Curve::P521 => p521::PublicKey::from_sec1_bytes(bits).is_ok(),
                };
                if !on_curve {
                    return Err(invalid(&"EC point is not on the curve"));
                }
                Details::Ec(curve)
            }
            other => return Err(CryptoError::UnsupportedAlgorithm(format!("public key algorithm {other}"))),
        };
        // Keep exactly the bytes that were read, and where the key bits lie in them.
        let der = spki.to_der().map_err(|e| invalid(&e))?;
        // The key bits are the last thing in a SubjectPublicKeyInfo.
        let start = der.len().checked_sub(bits.len()).filter(|&start| der[start..] == *bits);
        let start = start.ok_or_else(|| invalid(&"re-encoding lost the key"))?;
        Ok(PublicKey { key_bits: start..start + bits.len(), spki_der: der, details, decoded: Default::default() })
    }

    /// An RSA key from its modulus and public exponent, big-endian (XMLDSig `RSAKeyValue`).
    pub fn from_rsa_components(modulus: &[u8], exponent: &[u8]) -> Result<Self, CryptoError> {
        use rsa::pkcs8::EncodePublicKey;
        let invalid = |e: &dyn fmt::Display| CryptoError::InvalidKey(e.to_string());
        // The sizes first, so they get their own errors rather than the `rsa` crate's.
        check_rsa_sizes(modulus, exponent)?;
        let n = rsa::BoxedUint::from_be_slice_vartime(modulus);
        let e = rsa::BoxedUint::from_be_slice_vartime(exponent);
        let key = rsa::PublicKey::new(n, e).map_err(|e| invalid(&e))?;
        Self::from_spki_der(key.to_public_key_der().map_err(|e| invalid(&e))?.as_bytes())
    }

    /// An EC key from its curve's OID (dotted) and SEC1 point (XMLDSig 1.1 `ECKeyValue`).
    pub fn from_ec_point(curve_oid: &str, point: &[u8]) -> Result<Self, CryptoError> {
        use p256::pkcs8::EncodePublicKey;
        let invalid = |e: &dyn fmt::Display| CryptoError::InvalidKey(e.to_string());
        let spki = match curve_oid {
            "1.2.840.10045.3.1.7" => {
                p256::PublicKey::from_sec1_bytes(point).map_err(|e| invalid(&e))?.to_public_key_der()
            }
            "1.3.132.0.34" => p384::PublicKey::from_sec1_bytes(point).map_err(|e| invalid(&e))?.to_public_key_der(),
            "1.3.132.0.35" => p521::PublicKey::from_sec1_bytes(point).map_err(|e| invalid(&e))?.to_public_key_der(),
            other => return Err(invalid(&format_args!("unsupported curve {other}"))),
        };
        Self::from_spki_der(spki.map_err(|e| invalid(&e))?.as_bytes())
    }

    /// The subject public key of a DER X.509 certificate (nothing about the certificate is
    /// checked here: that is path validation's job).
    pub fn from_certificate_der(der: &[u8]) -> Result<Self, CryptoError> {
        Self::from_spki_der(&Self::certificate_spki(der)?)
    }

    /// The DER SubjectPublicKeyInfo of a DER X.509 certificate the certificate parser accepts.
    pub(crate) fn certificate_spki(der: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let certificate =
            x509_cert::Certificate::from_der(der).map_err(|e| CryptoError::InvalidKey(format!("certificate: {e}")))?;
        certificate
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .map_err(|e| CryptoError::InvalidKey(e.to_string()))
    }

    /// A PKCS#1 `RSAPublicKey` (RFC 8017 appendix A.1.1), as some tools write RSA keys.
    pub fn from_pkcs1_rsa_der(der: &[u8]) -> Result<Self, CryptoError> {
        use rsa::pkcs1::DecodeRsaPublicKey;
        use rsa::pkcs8::EncodePublicKey;
        let key = rsa::PublicKey::from_pkcs1_der(der).map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
        let spki = key.to_public_key_der().map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
        Self::from_spki_der(spki.as_bytes())
    }

    /// A public key or certificate in PEM (`PUBLIC KEY`, `RSA PUBLIC KEY`, `CERTIFICATE`) or DER
    /// (SubjectPublicKeyInfo, certificate, PKCS#1 RSAPublicKey), told apart by content.
    pub fn from_pem_or_der(bytes: &[u8]) -> Result<Self, CryptoError> {
        if bytes.starts_with(b"-----BEGIN") {
            let (label, der) = der::pem::decode_vec(bytes).map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
            return match label {
                "PUBLIC KEY" => Self::from_spki_der(&der),
                "RSA PUBLIC KEY" => Self::from_pkcs1_rsa_der(&der),
                "CERTIFICATE" => Self::from_certificate_der(&der),
                _ => Err(CryptoError::WrongFile { expected: FileKind::PublicKey, found: FileKind::of(bytes) }),
            };
        }
        Self::from_spki_der(bytes)
            .or_else(|spki_error| Self::from_certificate_der(bytes).map_err(|_| spki_error.clone()))
            .or_else(|spki_error| Self::from_pkcs1_rsa_der(bytes).map_err(|_| spki_error))
            .map_err(|error| {
                wrong_file(bytes, FileKind::PublicKey)
                    .filter(|e| !matches!(e, CryptoError::WrongFile { found: FileKind::Certificate, .. }))
                    .unwrap_or(error)
            })
    }

    /// The key of a DER certificate, to pin as a signer's (a verifier's trusted keys): refused
    /// for a CA certificate whose key usage allows signing certificates and CRLs only, as its
    /// key never signs a document (the signers it issued are trusted through it as an anchor).
    pub fn pinned_from_certificate_der(der: &[u8]) -> Result<Self, CryptoError> {
        let key = Self::from_certificate_der(der)?;
        let certificate = x509_cert::Certificate::from_der(der).map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
        let usage = certificate.tbs_certificate().get_extension::<x509_cert::ext::pkix::KeyUsage>();
        if let Ok(Some((_, usage))) = usage {
            use x509_cert::ext::pkix::KeyUsages;
            let signs_documents = usage.digital_signature() || usage.non_repudiation();
            let signs_certificates = usage.0.contains(KeyUsages::KeyCertSign) || usage.0.contains(KeyUsages::CRLSign);
            if signs_certificates && !signs_documents {
                return Err(CryptoError::CaCertificatePinned);
            }
        }
        Ok(key)
    }

    /// The DER SubjectPublicKeyInfo.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// RSA or EC.
    pub fn key_type(&self) -> KeyType {
        match self.details {
            Details::Rsa { .. } => KeyType::Rsa,
            Details::Ec(_) => KeyType::Ec,
        }
    }

    /// Size of the key: the RSA modulus, or the curve's field, in bits.
    pub fn bits(&self) -> usize {
        match self.details {
            Details::Rsa { bits } => bits,
            Details::Ec(Curve::P256) => 256,
            Details::Ec(Curve::P384) => 384,
            Details::Ec(Curve::P521) => 521,
        }
    }

    /// The curve of an EC key.
    pub fn curve(&self) -> Option<Curve> {
        match self.details {
            Details::Ec(curve) => Some(curve),
            Details::Rsa { .. } => None,
        }
    }

    /// The subjectPublicKey bits: the PKCS#1 RSAPublicKey, or the SEC1 EC point.
    pub(crate) fn key_bits(&self) -> &[u8] {
        &self.spki_der[self.key_bits.clone()]
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({} {} bits)", self.key_type(), self.bits())
    }
}

/// A private key held in memory, as PKCS#8 DER. It never prints and is wiped when dropped; it
/// is deliberately not `Clone`.
pub struct PrivateKey {
    pkcs8_der: zeroize::Zeroizing<Vec<u8>>,
    public: PublicKey,
    /// Each provider's decoded form of the key, made on first use (an RSA key's decoding costs
    /// as much as a signature). The decoded keys wipe their secrets when dropped.
    pub(crate) decoded: DecodedPrivateKey,
}

/// See [`PrivateKey::decoded`].
#[derive(Default)]
pub(crate) struct DecodedPrivateKey {
    #[cfg(feature = "openssl")]
    pub(crate) openssl: std::sync::OnceLock<openssl::pkey::PKey<openssl::pkey::Private>>,
    pub(crate) rsa: std::sync::OnceLock<rsa::PrivateKey>,
}

impl PrivateKey {
    /// A PKCS#8 `PrivateKeyInfo` (RFC 5208) for RSA or ECDSA on P-256/P-384/P-521.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, CryptoError> {
        use p256::pkcs8::{DecodePrivateKey, EncodePublicKey};
        let spki = if let Ok(key) = rsa::PrivateKey::from_pkcs8_der(der) {
            key.to_public_key().to_public_key_der()
        } else if let Ok(key) = p256::SecretKey::from_pkcs8_der(der) {
            key.public_key().to_public_key_der()
        } else if let Ok(key) = p384::SecretKey::from_pkcs8_der(der) {
            key.public_key().to_public_key_der()
        } else if let Ok(key) = p521::SecretKey::from_pkcs8_der(der) {
            key.public_key().to_public_key_der()
        } else {
            return Err(CryptoError::InvalidKey("not a PKCS#8 RSA or P-256/384/521 private key".into()));
        };
        let spki = spki.map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
        let public = PublicKey::from_spki_der(spki.as_bytes())?;
        Ok(PrivateKey { pkcs8_der: zeroize::Zeroizing::new(der.to_vec()), public, decoded: Default::default() })
    }

    /// A PKCS#1 `RSAPrivateKey` (RFC 8017 appendix A.1.2).
    pub fn from_pkcs1_rsa_der(der: &[u8]) -> Result<Self, CryptoError> {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        use rsa::pkcs8::EncodePrivateKey;
        let invalid = |e: &dyn fmt::Display| CryptoError::InvalidKey(e.to_string());
        let key = rsa::PrivateKey::from_pkcs1_der(der).map_err(|e| invalid(&e))?;
        Self::from_pkcs8_der(key.to_pkcs8_der().map_err(|e| invalid(&e))?.as_bytes())
    }

    /// A SEC1 `ECPrivateKey` (RFC 5915) on P-256, P-384 or P-521.
    pub fn from_sec1_ec_der(der: &[u8]) -> Result<Self, CryptoError> {
        use p256::pkcs8::EncodePrivateKey;
        let pkcs8 = if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
            key.to_pkcs8_der()
        } else if let Ok(key) = p384::SecretKey::from_sec1_der(der) {
            key.to_pkcs8_der()
        } else {
            p521::SecretKey::from_sec1_der(der).map_err(|e| CryptoError::InvalidKey(e.to_string()))?.to_pkcs8_der()
        };
        Self::from_pkcs8_der(pkcs8.map_err(|e| CryptoError::InvalidKey(e.to_string()))?.as_bytes())
    }

    /// A private key in PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`) or in DER
    /// (PKCS#8, PKCS#1, SEC1, told apart by content). Encrypted PEM is refused: keys at rest
    /// belong in PKCS#12.
    pub fn from_pem_or_der(bytes: &[u8]) -> Result<Self, CryptoError> {
        if !bytes.starts_with(b"-----BEGIN") {
            return Self::from_pkcs8_der(bytes)
                .or_else(|first| Self::from_pkcs1_rsa_der(bytes).map_err(|_| first.clone()))
                .or_else(|first| Self::from_sec1_ec_der(bytes).map_err(|_| first))
                .map_err(|error| wrong_file(bytes, FileKind::PrivateKey).unwrap_or(error));
        }
        let (label, der) = der::pem::decode_vec(bytes).map_err(|e| CryptoError::InvalidKey(e.to_string()))?;
        let der = zeroize::Zeroizing::new(der);
        match label {
            "PRIVATE KEY" => Self::from_pkcs8_der(&der),
            "RSA PRIVATE KEY" => Self::from_pkcs1_rsa_der(&der),
            "EC PRIVATE KEY" => Self::from_sec1_ec_der(&der),
            "ENCRYPTED PRIVATE KEY" => {
                Err(CryptoError::InvalidKey("encrypted PEM keys are not read; use PKCS#12".into()))
            }
            _ => Err(CryptoError::WrongFile { expected: FileKind::PrivateKey, found: FileKind::of(bytes) }),
        }
    }

    /// The matching public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    pub(crate) fn pkcs8_der(&self) -> &[u8] {
        &self.pkcs8_der
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({} {} bits, key material elided)", self.public.key_type(), self.public.bits())
    }
}

/// A key and its certificates from a PKCS#12 file (`.p12`/`.pfx`, what Vietnamese CAs issue).
#[derive(Debug)]
pub struct Pkcs12Identity {
    /// The private key.
    pub key: PrivateKey,
    /// DER certificates: the key's own first, then the rest of the chain in the file.
    pub certificates: Vec<Vec<u8>>,
}

impl Pkcs12Identity {
    /// Opens a PKCS#12 file with its password. Read through OpenSSL: the pure-Rust build
    /// (`--no-default-features`, WASM) refuses it.
    #[cfg(feature = "openssl")]
    pub fn from_der(der: &[u8], password: &str) -> Result<Self, CryptoError> {
        let invalid = |e: &dyn fmt::Display| CryptoError::InvalidKey(format!("PKCS#12: {e}"));
        let parsed = openssl::pkcs12::Pkcs12::from_der(der)
            .map_err(|e| wrong_file(der, FileKind::Pkcs12).unwrap_or_else(|| invalid(&e)))?
            .parse2(password)
            .map_err(|e| {
                // OpenSSL's word for a password that does not open the file's integrity check.
                if e.errors().iter().any(|e| e.reason() == Some("mac verify failure")) {
                    CryptoError::Pkcs12Password
                } else {
                    invalid(&e)
                }
            })?;
        let pkey = parsed.pkey.ok_or_else(|| invalid(&"no private key in the file"))?;
        let pkcs8 = zeroize::Zeroizing::new(pkey.private_key_to_pkcs8().map_err(|e| invalid(&e))?);
        let key = PrivateKey::from_pkcs8_der(&pkcs8)?;
        let mut certificates = Vec::new();
        if let Some(certificate) = parsed.cert {
            certificates.push(certificate.to_der().map_err(|e| invalid(&e))?);
        }
        for certificate in parsed.ca.into_iter().flatten() {
            certificates.push(certificate.to_der().map_err(|e| invalid(&e))?);
        }
        // The key's own certificate first, whatever order the file keeps.
        let own =
            certificates.iter().position(|c| PublicKey::from_certificate_der(c).is_ok_and(|k| k == *key.public_key()));
        match own {
            Some(i) => certificates.swap(0, i),
            None => return Err(CryptoError::MissingCertificate),
        }
        Ok(Pkcs12Identity { key, certificates })
    }

    /// Without OpenSSL, PKCS#12 is not read.
    #[cfg(not(feature = "openssl"))]
    pub fn from_der(_: &[u8], _: &str) -> Result<Self, CryptoError> {
        Err(CryptoError::UnsupportedAlgorithm("PKCS#12 without the openssl feature".into()))
    }
}

/// The certificates of a PEM bundle (every `CERTIFICATE` block, in order), or one DER
/// certificate. Each is checked to be an X.509 certificate; none is trusted for it.
pub fn certificates_from_pem_or_der(bytes: &[u8]) -> Result<Vec<Vec<u8>>, CryptoError> {
    read_certificates(bytes).map_err(|error| wrong_file(bytes, FileKind::Certificate).unwrap_or(error))
}

fn read_certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>, CryptoError> {
    let invalid = |e: &dyn fmt::Display| CryptoError::InvalidKey(format!("certificate: {e}"));
    let mut certificates = Vec::new();
    if bytes.starts_with(b"-----BEGIN") {
        let text = std::str::from_utf8(bytes).map_err(|e| invalid(&e))?;
        const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
        const END: &str = "-----END CERTIFICATE-----";
        let mut rest = text;
        while let Some(start) = rest.find(BEGIN) {
            let end = rest[start..].find(END).ok_or_else(|| invalid(&"unterminated PEM block"))? + start + END.len();
            let (_, der) = der::pem::decode_vec(&rest.as_bytes()[start..end]).map_err(|e| invalid(&e))?;
            certificates.push(der);
            rest = &rest[end..];
        }
    } else {
        certificates.push(bytes.to_vec());
    }
    if certificates.is_empty() {
        return Err(invalid(&"no CERTIFICATE in the PEM file"));
    }
    for der in &certificates {
        x509_cert::Certificate::from_der(der).map_err(|e| invalid(&e))?;
    }
    Ok(certificates)
}

/// The error for `bytes` given as `expected` when they hold something else; `None` when they may
/// be what is expected (then its own parser says what is wrong).
fn wrong_file(bytes: &[u8], expected: FileKind) -> Option<CryptoError> {
    let found = FileKind::of(bytes);
    // A PEM bundle is named by its first block: a chain file may begin with another.
    let bundle_has_it =
        expected == FileKind::Certificate && bytes.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----");
    (found != expected && found != FileKind::UnknownDer && !bundle_has_it)
        .then_some(CryptoError::WrongFile { expected, found })
}

/// The DER SubjectPublicKeyInfo of a DER certificate, without decoding the key: enough to tell
/// which certificate carries a known key. Only the certificate's outer structure is read (RFC 5280
/// section 4.1: each field's tag, in order; the fields around `subjectPublicKeyInfo` are skipped
/// whole), not its names and extensions: a full decode costs many times as much, on every
/// signature verified. Whoever uses the certificate decodes it then, and refuses it if the skipped parts are
/// malformed.
pub fn certificate_spki_der(certificate: &[u8]) -> Option<Vec<u8>> {
    use der::{Reader, SliceReader, Tag, TagNumber};
    // The content of the one SEQUENCE `bytes` holds.
    fn sequence(bytes: &[u8]) -> Option<SliceReader<'_>> {
        let mut reader = SliceReader::new(bytes).ok()?;
        let content = reader.sequence(|inner| inner.read_slice(inner.remaining_len())).ok()?;
        reader.finish().ok()?;
        SliceReader::new(content).ok()
    }
    // The next field, whole, if it has this tag.
    fn field<'a>(reader: &mut SliceReader<'a>, tag: Tag) -> Option<&'a [u8]> {
        (Tag::peek(reader).ok()? == tag).then(|| reader.tlv_bytes().ok())?
    }
    let context = |number, constructed| Tag::ContextSpecific { constructed, number: TagNumber(number) };

    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
    let mut certificate = sequence(certificate)?;
    let mut tbs = sequence(field(&mut certificate, Tag::Sequence)?)?;
    field(&mut certificate, Tag::Sequence)?;
    field(&mut certificate, Tag::BitString)?;
    certificate.finish().ok()?;

    // TBSCertificate ::= SEQUENCE { version [0] EXPLICIT (absent from v1 certificates),
    //   serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo,
    //   issuerUniqueID [1], subjectUniqueID [2], extensions [3] (each optional) }
    if Tag::peek(&tbs).ok()? == context(0, true) {
        tbs.tlv_bytes().ok()?;
    }
    field(&mut tbs, Tag::Integer)?;
    for _ in 0..4 {
        field(&mut tbs, Tag::Sequence)?;
    }
    let spki = field(&mut tbs, Tag::Sequence)?;
    for (number, constructed) in [(1, false), (2, false), (3, true)] {
        if !tbs.is_finished() && Tag::peek(&tbs).ok()? == context(number, constructed) {
            tbs.tlv_bytes().ok()?;
        }
    }
    tbs.finish().ok()?;
    Some(spki.to_vec())
}

#[cfg(test)]
mod tests {
    use der::{Decode, Encode};

    use super::certificate_spki_der;

    /// A DER SEQUENCE around `content`.
    fn der_sequence(content: &[u8]) -> Vec<u8> {
        let length = der::Length::try_from(content.len()).unwrap();
        [der::Header::new(der::Tag::Sequence, length).to_der().unwrap(), content.to_vec()].concat()
    }

    #[test]
    fn the_spki_walk_finds_what_a_full_decode_finds() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut checked = 0;
        for dir in ["test-vectors/keys", "test-vectors/pki", "../shared/trust"] {
            for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "pem" && e != "cer") {
                    continue;
                }
                let Ok(certificates) = super::certificates_from_pem_or_der(&std::fs::read(&path).unwrap()) else {
                    continue; // a key, not a certificate
                };
                for der in certificates {
                    let decoded = x509_cert::Certificate::from_der(&der).unwrap();
                    let expected = decoded.tbs_certificate().subject_public_key_info().to_der().unwrap();
                    assert_eq!(certificate_spki_der(&der), Some(expected), "{}", path.display());
                    // Cut short anywhere, or with bytes after it, it is not a certificate.
                    for len in 0..der.len() {
                        assert_eq!(certificate_spki_der(&der[..len]), None, "{} cut at {len}", path.display());
                    }
                    assert_eq!(certificate_spki_der(&[&der[..], &[0]].concat()), None, "{}", path.display());
                    // Its parts alone are not a certificate: the to-be-signed part in a SEQUENCE, or
                    // followed by a field it does not have.
                    let tbs = decoded.tbs_certificate().to_der().unwrap();
                    let algorithm = decoded.signature_algorithm().to_der().unwrap();
                    let tbs_alone = der_sequence(&tbs);
                    let unsigned = der_sequence(&[&tbs[..], &algorithm[..]].concat());
                    assert_eq!(certificate_spki_der(&unsigned), None, "{}", path.display());
                    assert_eq!(certificate_spki_der(&tbs_alone), None, "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked >= 15, "{checked} certificates");
    }
}
