//! The algorithms hocba accepts, each with its XMLDSig identifier. Anything else is refused by
//! name: an unknown URI is [`CryptoError::UnsupportedAlgorithm`], never a guess.

use super::{CryptoError, KeyType};

/// A digest algorithm (XMLDSig `DigestMethod`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    /// SHA-1: weak; accepted only with the legacy option, when verifying.
    Sha1,
    /// SHA-224 (FIPS 180-4).
    Sha224,
    /// SHA-256 (FIPS 180-4).
    Sha256,
    /// SHA-384 (FIPS 180-4).
    Sha384,
    /// SHA-512 (FIPS 180-4).
    Sha512,
}

impl DigestAlgorithm {
    /// Every digest algorithm.
    pub const ALL: [DigestAlgorithm; 5] = [Self::Sha1, Self::Sha224, Self::Sha256, Self::Sha384, Self::Sha512];

    /// The XMLDSig identifier (XML Signature 1.1 section 6.2; SHA-224/384 from RFC 6931).
    pub const fn uri(self) -> &'static str {
        match self {
            Self::Sha1 => "http://www.w3.org/2000/09/xmldsig#sha1",
            Self::Sha224 => "http://www.w3.org/2001/04/xmldsig-more#sha224",
            Self::Sha256 => "http://www.w3.org/2001/04/xmlenc#sha256",
            Self::Sha384 => "http://www.w3.org/2001/04/xmldsig-more#sha384",
            Self::Sha512 => "http://www.w3.org/2001/04/xmlenc#sha512",
        }
    }

    /// The algorithm with this identifier.
    pub fn from_uri(uri: &str) -> Result<Self, CryptoError> {
        Self::ALL.into_iter().find(|a| a.uri() == uri).ok_or_else(|| CryptoError::UnsupportedAlgorithm(uri.to_owned()))
    }

    /// Length of the digest in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// Whether the algorithm is no longer collision resistant (SHA-1).
    pub const fn is_weak(self) -> bool {
        matches!(self, Self::Sha1)
    }
}

/// The key type and padding of a signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureScheme {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1v15,
    /// RSASSA-PSS with MGF1 over the same digest and a salt as long as the digest.
    RsaPss,
    /// ECDSA; the XMLDSig signature value is `r || s`, each as long as the curve's order.
    Ecdsa,
}

/// A signature algorithm (XMLDSig `SignatureMethod`): a scheme with a digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SignatureAlgorithm {
    scheme: SignatureScheme,
    digest: DigestAlgorithm,
}

/// Every signature algorithm with its identifier (XML Signature 1.1 section 6.4, RFC 6931 and
/// RFC 9231 for the RSA-PSS `sha*-rsa-MGF1` identifiers).
const SIGNATURE_URIS: [(SignatureAlgorithm, &str); 15] = {
    use DigestAlgorithm::*;
    use SignatureScheme::*;
    const fn alg(scheme: SignatureScheme, digest: DigestAlgorithm) -> SignatureAlgorithm {
        SignatureAlgorithm { scheme, digest }
    }
    [
        (alg(RsaPkcs1v15, Sha1), "http://www.w3.org/2000/09/xmldsig#rsa-sha1"),
        (alg(RsaPkcs1v15, Sha224), "http://www.w3.org/2001/04/xmldsig-more#rsa-sha224"),
        (alg(RsaPkcs1v15, Sha256), "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
        (alg(RsaPkcs1v15, Sha384), "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"),
        (alg(RsaPkcs1v15, Sha512), "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"),
        (alg(RsaPss, Sha1), "http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1"),
        (alg(RsaPss, Sha224), "http://www.w3.org/2007/05/xmldsig-more#sha224-rsa-MGF1"),
        (alg(RsaPss, Sha256), "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"),
        (alg(RsaPss, Sha384), "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1"),
        (alg(RsaPss, Sha512), "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1"),
        (alg(Ecdsa, Sha1), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1"),
        (alg(Ecdsa, Sha224), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha224"),
        (alg(Ecdsa, Sha256), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"),
        (alg(Ecdsa, Sha384), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"),
        (alg(Ecdsa, Sha512), "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"),
    ]
};

impl SignatureAlgorithm {
    /// RSA PKCS#1 v1.5 with SHA-256, what Vietnamese signing software uses today.
    pub const RSA_SHA256: Self = Self { scheme: SignatureScheme::RsaPkcs1v15, digest: DigestAlgorithm::Sha256 };
    /// RSASSA-PSS with SHA-256, what Thông tư 15/2025 asks of new RSA signatures.
    pub const RSA_PSS_SHA256: Self = Self { scheme: SignatureScheme::RsaPss, digest: DigestAlgorithm::Sha256 };
    /// ECDSA with SHA-256.
    pub const ECDSA_SHA256: Self = Self { scheme: SignatureScheme::Ecdsa, digest: DigestAlgorithm::Sha256 };

    /// Every supported signature algorithm.
    pub fn all() -> impl Iterator<Item = SignatureAlgorithm> {
        SIGNATURE_URIS.into_iter().map(|(a, _)| a)
    }

    /// The padding scheme and key type.
    pub const fn scheme(self) -> SignatureScheme {
        self.scheme
    }

    /// The digest the signature is computed over.
    pub const fn digest(self) -> DigestAlgorithm {
        self.digest
    }

    /// The XMLDSig identifier.
    pub fn uri(self) -> &'static str {
        SIGNATURE_URIS.iter().find(|(a, _)| *a == self).map(|(_, uri)| *uri).expect("every algorithm has a URI")
    }

    /// A short name: `rsa-sha256`, `rsa-pss-sha256`, `ecdsa-sha384`, ...
    pub fn short_name(self) -> String {
        let scheme = match self.scheme {
            SignatureScheme::RsaPkcs1v15 => "rsa",
            SignatureScheme::RsaPss => "rsa-pss",
            SignatureScheme::Ecdsa => "ecdsa",
        };
        let digest = &self.digest.uri()[self.digest.uri().rfind(['#']).map_or(0, |i| i + 1)..];
        format!("{scheme}-{digest}")
    }

    /// The algorithm with this short name or identifier.
    pub fn from_name(name: &str) -> Result<Self, CryptoError> {
        Self::all().find(|a| a.short_name() == name).map_or_else(|| Self::from_uri(name), Ok)
    }

    /// The algorithm with this identifier. HMAC, DSA, MD5 and anything unknown are refused.
    pub fn from_uri(uri: &str) -> Result<Self, CryptoError> {
        SIGNATURE_URIS
            .iter()
            .find(|(_, u)| *u == uri)
            .map(|(a, _)| *a)
            .ok_or_else(|| CryptoError::UnsupportedAlgorithm(uri.to_owned()))
    }

    /// Checks that a key of `key_type` can be used with this algorithm: RSA keys for the RSA
    /// schemes, EC keys for ECDSA.
    pub fn check_key_type(self, key_type: KeyType) -> Result<(), CryptoError> {
        match (self.scheme, key_type) {
            (SignatureScheme::RsaPkcs1v15 | SignatureScheme::RsaPss, KeyType::Rsa)
            | (SignatureScheme::Ecdsa, KeyType::Ec) => Ok(()),
            (_, key) => Err(CryptoError::KeyMismatch { key, algorithm: self.uri() }),
        }
    }

    /// Whether the algorithm rests on a weak digest (SHA-1).
    pub const fn is_weak(self) -> bool {
        self.digest.is_weak()
    }
}
