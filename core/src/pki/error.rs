//! What can go wrong in the PKI layer before a verdict can even be reached: unreadable
//! certificates, trust stores, revocation data. A certificate that reads fine but fails
//! validation is not an error here; it is a finding in the report.

use crate::Code;
use std::fmt;

use super::signature::X509SignatureError;
use crate::crypto::CryptoError;
use crate::time::UtcTime;

/// Why the PKI layer could not get as far as a verdict: input that cannot be read (certificates,
/// CRLs, OCSP responses, time-stamp tokens, embedded validation data, files), a signer whose own
/// certificate cannot be used, or a fetch that failed or needed the network while it was off.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PkiError {
    /// A certificate could not be read.
    #[error("malformed certificate: {detail}")]
    MalformedCertificate {
        /// What the parser reported.
        detail: String,
    },
    /// A file given as certificates holds something else (a key, a text file...).
    #[error(transparent)]
    NotCertificates(CryptoError),
    /// A CRL could not be read.
    #[error("malformed CRL: {detail}")]
    MalformedCrl {
        /// What the parser reported.
        detail: String,
    },
    /// An OCSP response could not be read.
    #[error("malformed OCSP response: {detail}")]
    MalformedOcspResponse {
        /// What the parser reported.
        detail: String,
    },
    /// A time-stamp token could not be read.
    #[error("malformed time-stamp token: {detail}")]
    MalformedTimeStamp {
        /// What the parser reported.
        detail: String,
    },
    /// A time-stamp token is over other data than what it is attached to (a signature's value, or
    /// the document an archive time-stamp was added to, changed since).
    #[error("the time-stamp is over other data than what it is attached to")]
    TimeStampImprintMismatch,
    /// An archive time-stamp was not added: the document is invalid as it stands (the codes of
    /// its problems), and a time-stamp would only preserve that.
    #[error("the document is invalid ({}); it is not archived", codes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "))]
    NotArchivable {
        /// The codes of the document's problems.
        codes: Vec<Code>,
    },
    /// The archive time-stamp just added does not prove its time when the document is verified
    /// again (the time-stamping authority is not trusted, or its status cannot be learnt).
    #[error("the new archive time-stamp does not prove its time: {detail}")]
    ArchiveNotProven {
        /// What the verification of the stamped document said.
        detail: String,
    },
    /// The long-term validation data embedded in a signature is malformed.
    #[error("malformed validation data: {detail}")]
    MalformedValidationData {
        /// What the parser reported.
        detail: String,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {detail}")]
    Io {
        /// The file's path, as given.
        path: String,
        /// The operating system's error.
        detail: String,
    },
    /// Something in a named file was wrong.
    #[error("{path}: {source}")]
    InFile {
        /// The file's path, as given.
        path: String,
        /// What was wrong in it.
        source: Box<PkiError>,
    },
    /// The signer's own certificate does not validate (checked before signing).
    #[error("the signer's certificate is not usable: {0}")]
    SignerPath(#[from] PathError),
    /// The signer's certificate (or one above it) is revoked (checked before signing).
    #[error("the signer's certificate cannot be used: {0}")]
    SignerRevocation(String),
    /// The revocation status of the signer's certificate (or one above it) is unknown under a
    /// `require` policy (checked before signing).
    #[error("the signer's certificate cannot be used: {0}")]
    SignerRevocationUnknown(String),
    /// A signature inside a CRL, OCSP response or time-stamp token does not verify.
    #[error("{what}: {source}")]
    Signature {
        /// Whose signature: a CRL's, an OCSP response's, an OCSP responder certificate's or a
        /// time-stamp token's.
        what: &'static str,
        /// Why the signature does not verify.
        source: X509SignatureError,
    },
    /// Fetching revocation data or a time-stamp over the network failed.
    #[error("fetching {url} failed: {detail}")]
    Fetch {
        /// The URL asked.
        url: String,
        /// The transport error, HTTP status or size limit that stopped it.
        detail: String,
    },
    /// Fetching is needed but the caller did not allow the network.
    #[error("{0} needs the network, which is off (enable online checking)")]
    Offline(String),
    /// The signing time a new signature would claim is not one the signer's certificate can
    /// vouch for: before or after its validity, or later than now (checked before signing).
    #[error(
        "the signing time {claimed} is not within the signer's certificate's validity ({not_before} to {not_after}) and not later than now ({now})"
    )]
    SigningTimeNotVouched {
        /// The signing time asked for.
        claimed: UtcTime,
        /// The start of the certificate's validity.
        not_before: UtcTime,
        /// The end of the certificate's validity.
        not_after: UtcTime,
        /// The time the signer was checked at.
        now: UtcTime,
    },
}

impl PkiError {
    /// The stable code of this error (for a file, the code of what is wrong in it).
    pub fn code(&self) -> Code {
        match self {
            PkiError::MalformedCertificate { .. } => Code::CertificateMalformed,
            PkiError::NotCertificates(error) => error.code(),
            PkiError::MalformedCrl { .. } => Code::CrlMalformed,
            PkiError::MalformedOcspResponse { .. } => Code::OcspResponseMalformed,
            PkiError::MalformedTimeStamp { .. } | PkiError::TimeStampImprintMismatch => Code::TimeStampInvalid,
            PkiError::MalformedValidationData { .. } => Code::ValidationDataMalformed,
            PkiError::NotArchivable { .. } => Code::ArchiveRefused,
            PkiError::ArchiveNotProven { .. } => Code::ArchiveTimeStampInvalid,
            PkiError::Io { .. } => Code::Io,
            PkiError::InFile { source, .. } => source.code(),
            PkiError::SignerPath(error) => error.reason.code(),
            PkiError::SignerRevocation(_) => Code::Revoked,
            PkiError::SignerRevocationUnknown(_) => Code::RevocationUnknown,
            PkiError::Signature { .. } => Code::CertificateSignatureInvalid,
            PkiError::Fetch { .. } => Code::FetchFailed,
            PkiError::Offline(_) => Code::Offline,
            PkiError::SigningTimeNotVouched { claimed, not_before, now, .. } => {
                if claimed > now {
                    Code::SigningTimeInFuture
                } else if claimed < not_before {
                    Code::SigningTimeBeforeCertificate
                } else {
                    Code::SigningTimeAfterCertificate
                }
            }
        }
    }
}

/// Why no valid path was found, for the certificate it concerns.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason} ({subject})")]
pub struct PathError {
    /// What went wrong with the path.
    pub reason: PathFailure,
    /// The subject of the certificate the failure concerns.
    pub subject: String,
}

/// The ways a certificate path fails.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathFailure {
    /// No chain of issuers leads to a trust anchor (unknown or untrusted root, missing
    /// intermediate).
    NoPathToAnchor,
    /// A certificate had expired at the validation time.
    Expired {
        /// The certificate's `notAfter`.
        not_after: UtcTime,
    },
    /// A certificate was not yet valid at the validation time.
    NotYetValid {
        /// The certificate's `notBefore`.
        not_before: UtcTime,
    },
    /// A certificate's signature does not verify under its issuer's key.
    BadSignature,
    /// A CA certificate lacks `cA` or exceeds its path length.
    BasicConstraints,
    /// The signer's key usage allows neither digitalSignature nor nonRepudiation, or a CA's
    /// forbids certificate signing.
    KeyUsage,
    /// The path does not carry a required certificate policy.
    Policy,
    /// A name in the path falls outside the name constraints of a CA above it (RFC 5280, 4.2.1.10).
    NameConstraints,
    /// A critical extension nobody understands.
    UnknownCriticalExtension,
    /// An RSA key below the minimum, or a weak signature algorithm in the path.
    WeakKeyOrAlgorithm,
    /// An RSA key, the signer's own or an issuer's, below
    /// [`PathPolicy::min_rsa_bits`](super::PathPolicy::min_rsa_bits).
    KeyTooSmall {
        /// The size of the key's modulus, in bits.
        bits: usize,
        /// The policy's minimum, in bits.
        minimum: u16,
    },
    /// A document signer's certificate whose extended key usage is for a service (OCSP signing,
    /// time stamping) or names no purpose of a signer. The usages are dotted OIDs, empty when
    /// the extension cannot be read.
    ExtendedKeyUsage {
        /// The extended key usages as dotted OIDs; empty when the extension cannot be read.
        usages: Vec<String>,
    },
    /// The search for a path spent its budget
    /// ([`MAX_PATH_SIGNATURE_CHECKS`](super::MAX_PATH_SIGNATURE_CHECKS),
    /// [`MAX_PATH_ISSUERS_TRIED`](super::MAX_PATH_ISSUERS_TRIED)) before finding one: too many
    /// look-alike candidate issuers.
    SearchBudgetExceeded {
        /// Issuer signatures checked before stopping.
        signature_checks: u32,
        /// Candidate issuers tried before stopping.
        issuers_tried: u32,
    },
    /// Anything else the validator reports.
    Other(String),
}

impl PathFailure {
    /// The stable code of this failure, as the report gives it.
    pub fn code(&self) -> Code {
        match self {
            PathFailure::NoPathToAnchor => Code::Untrusted,
            PathFailure::Expired { .. } => Code::CertificateExpired,
            PathFailure::NotYetValid { .. } => Code::CertificateNotYetValid,
            PathFailure::BadSignature => Code::CertificateSignatureInvalid,
            PathFailure::KeyUsage => Code::KeyUsage,
            PathFailure::Policy => Code::CertificatePolicy,
            PathFailure::KeyTooSmall { .. } => Code::WeakKeyInPath,
            PathFailure::ExtendedKeyUsage { .. } => Code::ExtendedKeyUsage,
            PathFailure::SearchBudgetExceeded { .. } => Code::PathSearchBudget,
            _ => Code::CertificatePathInvalid,
        }
    }
}

impl fmt::Display for PathFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathFailure::NoPathToAnchor => f.write_str("no certificate path to a trust anchor"),
            PathFailure::Expired { not_after } => write!(f, "certificate expired at {}", not_after.to_utc_string()),
            PathFailure::NotYetValid { not_before } => {
                write!(f, "certificate not valid before {}", not_before.to_utc_string())
            }
            PathFailure::BadSignature => f.write_str("certificate signature does not verify"),
            PathFailure::BasicConstraints => f.write_str("basic constraints or path length violated"),
            PathFailure::KeyUsage => f.write_str("key usage does not allow this use"),
            PathFailure::Policy => f.write_str("required certificate policy missing"),
            PathFailure::NameConstraints => f.write_str("name constraints violated"),
            PathFailure::UnknownCriticalExtension => f.write_str("unrecognized critical extension"),
            PathFailure::WeakKeyOrAlgorithm => f.write_str("key too small or weak signature algorithm"),
            PathFailure::KeyTooSmall { bits, minimum } => {
                write!(f, "{bits}-bit RSA key, below the minimum of {minimum} bits")
            }
            PathFailure::ExtendedKeyUsage { usages } if usages.is_empty() => {
                f.write_str("unreadable extended key usage, not a document signer's")
            }
            PathFailure::ExtendedKeyUsage { usages } => {
                write!(f, "extended key usage {} is not a document signer's", usages.join(", "))
            }
            PathFailure::SearchBudgetExceeded { signature_checks, issuers_tried } => write!(
                f,
                "path search stopped after {issuers_tried} candidate issuers and {signature_checks} signature checks"
            ),
            PathFailure::Other(detail) => f.write_str(detail),
        }
    }
}
