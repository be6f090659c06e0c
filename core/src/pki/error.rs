//! What can go wrong in the PKI layer before a verdict can even be reached: unreadable
//! certificates, trust stores, revocation data. A certificate that reads fine but fails
//! validation is not an error here; it is a finding in the report.

use super::path::PathError;
use super::signature::X509SignatureError;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PkiError {
    /// A certificate could not be read.
    #[error("malformed certificate: {detail}")]
    MalformedCertificate { detail: String },
    /// A CRL could not be read.
    #[error("malformed CRL: {detail}")]
    MalformedCrl { detail: String },
    /// An OCSP response could not be read.
    #[error("malformed OCSP response: {detail}")]
    MalformedOcspResponse { detail: String },
    /// A time-stamp token could not be read.
    #[error("malformed time-stamp token: {detail}")]
    MalformedTimeStamp { detail: String },
    /// The long-term validation data embedded in a signature is malformed.
    #[error("malformed validation data: {detail}")]
    MalformedValidationData { detail: String },
    /// A file could not be read.
    #[error("cannot read {path}: {detail}")]
    Io { path: String, detail: String },
    /// Something in a named file was wrong.
    #[error("{path}: {source}")]
    InFile { path: String, source: Box<PkiError> },
    /// The signer's own certificate does not validate (checked before signing).
    #[error("the signer's certificate is not usable: {0}")]
    SignerPath(#[from] PathError),
    /// The signer's certificate is revoked or its status unknown under a `require` policy
    /// (checked before signing).
    #[error("the signer's certificate cannot be used: {0}")]
    SignerRevocation(String),
    /// A signature inside a CRL, OCSP response or time-stamp token does not verify.
    #[error("{what}: {source}")]
    Signature { what: &'static str, source: X509SignatureError },
    /// Fetching revocation data or a time-stamp over the network failed.
    #[error("fetching {url} failed: {detail}")]
    Fetch { url: String, detail: String },
    /// Fetching is needed but the caller did not allow the network.
    #[error("{0} needs the network, which is off (enable online checking)")]
    Offline(String),
}
