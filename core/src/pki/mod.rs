//! Trust in signers: certificate paths to the government roots, revocation (CRL, OCSP) and
//! time-stamps (RFC 3161).
//!
//! A signature is worth what its certificate is worth. [`TrustStore::government`] embeds the real
//! roots (VGCA "RootCA chuyên dùng Chính phủ G2", NEAC "Vietnam National Root CA"), pinned by
//! fingerprint; paths are built from the signer's certificate through the `KeyInfo` certificates
//! and caller-supplied intermediates, and validated by RFC 5280 ([`PathValidator`], `certval` by
//! default) at the time the policy chooses. Nothing is fetched unless the caller turns the
//! network on.

mod certificate;
mod error;
mod ltv;
mod path;
mod revocation;
mod signature;
mod signing;
mod timestamp;
mod trust;
mod validation;

pub(crate) use validation::verify_document_keeping;

pub use certificate::{Certificate, DistinguishedName};
pub use error::PkiError;
pub use ltv::EmbeddedValidationData;
pub use path::{
    CertificatePath, CertvalValidator, MAX_PATH_ISSUERS_TRIED, MAX_PATH_SIGNATURE_CHECKS, PathError, PathFailure,
    PathPolicy, PathValidator, Purpose, VGCA_POLICY,
};
pub use revocation::{
    Crl, LaterRevocation, MAX_REVOCATION_REQUESTS, OcspResponse, RevocationCheck, RevocationChecker, RevocationData,
    RevocationPolicy, RevocationReason, RevocationRequest, RevocationSource, RevocationStatus, revocation_requests,
};
pub use signature::X509SignatureError;
pub use signing::{SigningOptions, sign_with_trust};
pub use trust::TrustStore;
pub use validation::{CertificateValidation, TimePolicy, TrustOptions, validate_certificate, verify_document};
