use crate::c14n::C14nError;
use crate::crypto::CryptoError;
use crate::dsig::DsigError;
use crate::pki::PkiError;
use crate::transcript::TranscriptError;
use crate::xml::XmlError;

/// Everything that can go wrong in hocba, by area.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not acceptable XML.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The document (or subset) cannot be canonicalized.
    #[error(transparent)]
    C14n(#[from] C14nError),
    /// A key or a cryptographic operation failed.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    /// An XML signature is malformed or does not verify.
    #[error(transparent)]
    Dsig(#[from] DsigError),
    /// A certificate, CRL, OCSP response or time-stamp is unusable, or trust in a signer
    /// cannot be established before signing.
    #[error(transparent)]
    Pki(#[from] PkiError),
    /// The document is not a transcript, or breaks the signing profile.
    #[error(transparent)]
    Transcript(#[from] TranscriptError),
}
