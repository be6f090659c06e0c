//! Cryptography behind one interface, in the style of rustls' `CryptoProvider`: digests,
//! signature verification and signing with a software key, each from a provider chosen by the
//! caller and never deep inside the library.
//!
//! Two providers implement it and must agree on every input:
//! - [`OPENSSL`] (feature `openssl`, on by default): OpenSSL, fast and constant-time;
//! - [`RUSTCRYPTO`]: pure Rust (RustCrypto), no C: the WASM build and `--no-default-features`.

mod algorithms;
mod files;
mod keys;
#[cfg(feature = "openssl")]
mod openssl;
mod rsassa;
mod rustcrypto;

use std::fmt;

pub use algorithms::{DigestAlgorithm, SignatureAlgorithm, SignatureScheme};
pub use files::FileKind;
pub use keys::{
    Curve, KeyType, Pkcs12Identity, PrivateKey, PublicKey, certificate_spki_der, certificates_from_pem_or_der,
};
#[cfg(feature = "openssl")]
pub use openssl::OPENSSL;
pub use rustcrypto::RUSTCRYPTO;

/// A source of digests and signature verification.
pub trait CryptoProvider: Send + Sync + fmt::Debug {
    /// A short name for reports and test output (`"openssl"`, `"rustcrypto"`).
    fn name(&self) -> &'static str;

    /// A fresh digest computation.
    fn digest(&self, algorithm: DigestAlgorithm) -> Box<dyn Digest>;

    /// Checks `signature` over `message` with `key`: `Ok` only if it is valid.
    ///
    /// The key must fit the algorithm (an RSA key for RSA schemes, an EC key for ECDSA); an
    /// ECDSA signature is `r || s` as XMLDSig writes it.
    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        key: &PublicKey,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError>;

    /// Signs `message` with `key`; an ECDSA signature comes back as `r || s`.
    fn sign(&self, algorithm: SignatureAlgorithm, key: &PrivateKey, message: &[u8]) -> Result<Vec<u8>, CryptoError>;

    /// Fills `out` with cryptographically secure random bytes (OCSP nonces). The library draws
    /// randomness only from the provider; the provider's own signing (RSA-PSS salts) uses the
    /// same generator.
    fn fill_random(&self, out: &mut [u8]) -> Result<(), CryptoError>;

    /// Whether [`CryptoProvider::sign`] checks every RSA private-key result with the public
    /// exponent before using it (the defence against a faulty CRT step giving the key away), so a
    /// signer with this provider's key need not verify its signatures again. Only this crate's
    /// providers can say so: the argument's type cannot be named outside it.
    #[doc(hidden)]
    fn checks_rsa_results(&self, _: sealed::OnlyHocba) -> bool {
        false
    }
}

pub(crate) mod sealed {
    /// A type only this crate can name: a trait method taking it cannot be overridden elsewhere.
    #[derive(Debug)]
    pub struct OnlyHocba;
}

/// A digest being computed. It is also an [`std::io::Write`] (through [`DigestWriter`]) so that
/// canonical XML can be streamed into it.
pub trait Digest: Send {
    /// Feeds more input.
    fn update(&mut self, data: &[u8]);
    /// The digest of everything fed.
    fn finish(self: Box<Self>) -> Vec<u8>;
}

/// Adapts a [`Digest`] to [`std::io::Write`].
pub struct DigestWriter(pub Box<dyn Digest>);

impl std::io::Write for DigestWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The provider used when the caller names none: OpenSSL where it is built in, else RustCrypto.
pub fn default_provider() -> &'static dyn CryptoProvider {
    #[cfg(feature = "openssl")]
    {
        &OPENSSL
    }
    #[cfg(not(feature = "openssl"))]
    {
        &RUSTCRYPTO
    }
}

/// Every provider built in, for tests that run each input through all of them.
pub fn providers() -> Vec<&'static dyn CryptoProvider> {
    vec![
        #[cfg(feature = "openssl")]
        &OPENSSL,
        &RUSTCRYPTO,
    ]
}

/// The provider built in under `name` (`openssl`, `rustcrypto`), or the default one for `None`.
pub fn provider_named(name: Option<&str>) -> Result<&'static dyn CryptoProvider, crate::InvalidSetting> {
    let Some(name) = name else { return Ok(default_provider()) };
    let expected = if cfg!(feature = "openssl") { "openssl or rustcrypto" } else { "rustcrypto" };
    providers()
        .into_iter()
        .find(|p| p.name() == name)
        .ok_or_else(|| crate::InvalidSetting::new("provider", name, expected))
}

/// "This file is a certificate, not a private key: give ...", in English.
fn wrong_file_en(expected: FileKind, found: FileKind) -> String {
    let what = match found {
        FileKind::NotPemOrDer => format!("this file is neither PEM nor DER, so not {}", expected.names().1),
        _ => format!("this file is {}, not {}", found.names().1, expected.names().1),
    };
    let hint = match expected {
        FileKind::PrivateKey => ": give the private key file (often named ...-key.pem) or a PKCS#12 file",
        FileKind::Certificate => ": give the certificate file (often named ...-cert.pem, .cer or .crt)",
        FileKind::PublicKey => ": give the signer's public key or certificate file",
        _ => "",
    };
    format!("{what}{hint}")
}

/// What went wrong in a cryptographic operation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The identifier names no algorithm we accept (MD5, DSA, HMAC and unknown URIs among them).
    #[error("unsupported algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    /// The key cannot be used with this algorithm (an EC key for RSA, or the reverse).
    #[error("{key} key cannot be used with {algorithm}")]
    KeyMismatch {
        /// The key's type.
        key: KeyType,
        /// The algorithm's name.
        algorithm: &'static str,
    },
    /// The key could not be read.
    #[error("invalid public key: {0}")]
    InvalidKey(String),
    /// The key is smaller than allowed (RSA below 1024 bits is never read).
    #[error("{key} key of {bits} bits is below the minimum of {minimum}")]
    KeyTooSmall {
        /// The key's type.
        key: KeyType,
        /// The key's size, in bits.
        bits: usize,
        /// The smallest size allowed, in bits.
        minimum: usize,
    },
    /// The key is larger than any real signer's (RSA above 8192 bits is never read).
    #[error("{key} key of {bits} bits is above the maximum of {maximum}")]
    KeyTooLarge {
        /// The key's type.
        key: KeyType,
        /// The key's size, in bits.
        bits: usize,
        /// The largest size read, in bits.
        maximum: usize,
    },
    /// An RSA public exponent no real key has (above 2^33 - 1; real keys use 65537): each
    /// verification under it would cost as much as signing.
    #[error("RSA public exponent of {bits} bits is implausible (at most {maximum_bits} bits are read)")]
    RsaExponentTooLarge {
        /// The exponent's size, in bits.
        bits: usize,
        /// The largest exponent size read, in bits.
        maximum_bits: usize,
    },
    /// The signature value does not have the form the algorithm requires.
    #[error("malformed signature value for {0}")]
    MalformedSignature(&'static str),
    /// The signature does not verify.
    #[error("signature does not verify")]
    BadSignature,
    /// The provider has no random numbers to give.
    #[error("no randomness: {0}")]
    NoRandomness(String),
    /// Signing failed inside the provider.
    #[error("signing failed: {0}")]
    SigningFailed(String),
    /// A file given for one kind of thing holds another: a certificate where the private key was
    /// expected, a key where a certificate was, a text file where either was.
    #[error("{}", wrong_file_en(*expected, *found))]
    WrongFile {
        /// What was expected.
        expected: FileKind,
        /// What the file holds.
        found: FileKind,
    },
    /// A PKCS#12 file that its password does not open (the password is wrong, or the file damaged).
    #[error("the password does not open this PKCS#12 file (check the password file; the file may also be damaged)")]
    Pkcs12Password,
    /// A key to sign with, without the certificate that goes with it.
    #[error(
        "no certificate was given for the private key: give the signer's certificate (the one issued for this key)"
    )]
    MissingCertificate,
    /// A key to sign with, and a first certificate that is not that key's.
    #[error(
        "the certificate is not the private key's: give the certificate issued for this key first (then its chain)"
    )]
    CertificateNotForKey,
    /// A CA certificate (one that signs only certificates and CRLs) given as a signer's to pin: its
    /// key never signs a document, so no signature would verify with it.
    #[error(
        "this is a CA certificate (it signs certificates, not documents): pinning it matches no signature; trust the signers it issued by making it a trust anchor instead"
    )]
    CaCertificatePinned,
    /// A key on a PKCS#11 token could not be opened or used.
    #[cfg(feature = "pkcs11")]
    #[error(transparent)]
    Token(crate::pkcs11::TokenError),
}

impl CryptoError {
    /// The stable code of this error.
    pub fn code(&self) -> crate::Code {
        use crate::Code;
        match self {
            CryptoError::UnsupportedAlgorithm(_) => Code::UnsupportedAlgorithm,
            CryptoError::KeyMismatch { .. } => Code::KeyMismatch,
            CryptoError::InvalidKey(_) | CryptoError::KeyTooLarge { .. } | CryptoError::RsaExponentTooLarge { .. } => {
                Code::InvalidKey
            }
            CryptoError::KeyTooSmall { .. } => Code::WeakKey,
            CryptoError::MalformedSignature(_) => Code::MalformedSignature,
            CryptoError::BadSignature => Code::BadSignature,
            CryptoError::NoRandomness(_) => Code::NoRandomness,
            CryptoError::SigningFailed(_) => Code::SigningFailed,
            CryptoError::WrongFile { .. } => Code::WrongFile,
            CryptoError::Pkcs12Password => Code::WrongPassword,
            CryptoError::MissingCertificate => Code::MissingCertificate,
            CryptoError::CertificateNotForKey => Code::CertificateNotForKey,
            CryptoError::CaCertificatePinned => Code::CaCertificatePinned,
            #[cfg(feature = "pkcs11")]
            CryptoError::Token(error) => error.code(),
        }
    }

    /// What is wrong, in Vietnamese, and what to do when that is known. What a parser reported
    /// is English only: for it, the code says what.
    pub fn message_vi(&self) -> String {
        match self {
            CryptoError::UnsupportedAlgorithm(name) => format!("thuật toán không được hỗ trợ: {name:?}"),
            CryptoError::KeyMismatch { key, algorithm } => format!("khóa {key} không dùng được với {algorithm}"),
            CryptoError::InvalidKey(_) => format!("không đọc được khóa hoặc chứng thư ({})", self.code()),
            CryptoError::KeyTooSmall { key, bits, minimum } => {
                format!("khóa {key} {bits} bit nhỏ hơn mức tối thiểu {minimum} bit")
            }
            CryptoError::KeyTooLarge { key, bits, maximum } => {
                format!("khóa {key} {bits} bit lớn hơn mức tối đa {maximum} bit")
            }
            CryptoError::RsaExponentTooLarge { bits, maximum_bits } => {
                format!("số mũ công khai RSA {bits} bit không hợp lý (tối đa {maximum_bits} bit)")
            }
            CryptoError::MalformedSignature(algorithm) => format!("giá trị chữ ký sai dạng với {algorithm}"),
            CryptoError::BadSignature => "chữ ký không khớp".to_owned(),
            CryptoError::NoRandomness(_) => format!("không lấy được số ngẫu nhiên ({})", self.code()),
            CryptoError::SigningFailed(_) => format!("ký không thành công ({})", self.code()),
            CryptoError::WrongFile { expected, found } => {
                let hint = match expected {
                    FileKind::PrivateKey => ": hãy đưa tệp khóa bí mật (thường tên ...-key.pem) hoặc tệp PKCS#12",
                    FileKind::Certificate => ": hãy đưa tệp chứng thư số (thường tên ...-cert.pem, .cer hoặc .crt)",
                    FileKind::PublicKey => ": hãy đưa tệp khóa công khai hoặc chứng thư số của người ký",
                    _ => "",
                };
                let (found_vi, expected_vi) = (found.names().0, expected.names().0);
                match found {
                    FileKind::NotPemOrDer => format!("tệp này không phải PEM hay DER, nên không phải {expected_vi}{hint}"),
                    _ => format!("tệp này là {found_vi}, không phải {expected_vi}{hint}"),
                }
            }
            CryptoError::Pkcs12Password => {
                "mật khẩu không mở được tệp PKCS#12 này: hãy kiểm tra tệp mật khẩu (tệp cũng có thể bị hỏng)".to_owned()
            }
            CryptoError::MissingCertificate => {
                "chưa có chứng thư số cho khóa bí mật: hãy đưa chứng thư số của người ký (chứng thư được cấp cho khóa này)"
                    .to_owned()
            }
            CryptoError::CertificateNotForKey => {
                "chứng thư số không phải của khóa bí mật này: hãy đưa chứng thư được cấp cho khóa này trước (rồi đến chuỗi chứng thư)"
                    .to_owned()
            }
            CryptoError::CaCertificatePinned => {
                "đây là chứng thư của tổ chức cấp chứng thư (CA), chỉ dùng để ký chứng thư, không ký văn bản: ghim nó thì \
                 không chữ ký nào khớp; để tin các người ký do CA này cấp, hãy dùng nó làm gốc tin cậy"
                    .to_owned()
            }
            #[cfg(feature = "pkcs11")]
            CryptoError::Token(error) => error.message_vi(),
        }
    }

    /// What is wrong, in English (as `Display` writes it).
    pub fn message_en(&self) -> String {
        self.to_string()
    }
}
