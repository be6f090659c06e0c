//! Trust in signers: certificate paths to the government roots, revocation (CRL, OCSP) and
//! time-stamps (RFC 3161).
//!
//! A signature is worth what its certificate is worth. [`TrustStore::government`] embeds the real
//! roots (VGCA "RootCA chuyên dùng Chính phủ G2", NEAC "Vietnam National Root CA"), pinned by
//! fingerprint; paths are built from the signer's certificate through the `KeyInfo` certificates
//! and caller-supplied intermediates, and validated by RFC 5280 ([`PathValidator`], `certval` by
//! default) at the time the policy chooses. Nothing is fetched unless the caller turns the
//! network on.

mod archive;
mod authority;
mod certificate;
mod error;
mod ltv;
mod options;
mod outcome;
mod path;
mod policy;
mod revocation;
mod signature;
mod signing;
mod timestamp;
mod trust;
mod validation;
mod validator;

pub use archive::MAX_ARCHIVE_TIME_STAMPS;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use archive::stamp_document;
pub(crate) use archive::{ArchiveEvidence, ArchiveFailure, ArchiveStampStatus, judge_archive};
pub(crate) use revocation::requests_for;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use revocation::{MAX_CRL_BYTES, http_get};
pub(crate) use validation::judge_signature;

pub(crate) use certificate::hex;
pub use certificate::{Certificate, DistinguishedName};
pub use error::{PathError, PathFailure, PkiError};
pub use ltv::EmbeddedValidationData;
pub use options::TrustOptions;
pub use outcome::{SignerTrust, SigningTime, TrustFinding};
pub(crate) use path::is_service_usage;
pub use path::{CertificatePath, MAX_PATH_ISSUERS_TRIED, MAX_PATH_SIGNATURE_CHECKS};
pub use policy::{PathPolicy, Purpose, RevocationPolicy, TimePolicy, VGCA_POLICY};
pub use revocation::{
    Crl, LaterRevocation, MAX_REVOCATION_REQUESTS, OcspResponse, RevocationCheck, RevocationChecker, RevocationData,
    RevocationReason, RevocationRequest, RevocationSource, RevocationStatus,
};
pub use signature::X509SignatureError;
pub use signing::{CheckedSigner, SigningOptions, sign_with_trust};
pub use trust::TrustStore;
pub use validation::{CertificateValidation, validate_certificate};
pub use validator::{CertvalValidator, PathValidator};

// Verifying a whole document turns each signer's trust into the report, so it lives with the
// report; these names stay here for callers.
pub use crate::report::{revocation_requests, verify_document};
