use crate::Code;
use crate::approvals::ApprovalError;
use crate::c14n::C14nError;
use crate::crypto::CryptoError;
use crate::dsig::DsigError;
use crate::paper::PaperError;
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
    /// An approval list or a withdrawal request cannot be used, or an edit of a list does not fit.
    #[error(transparent)]
    Approvals(#[from] ApprovalError),
    /// A paper copy's verification reference that cannot be read.
    #[error(transparent)]
    Paper(#[from] PaperError),
}

impl Error {
    /// The stable code of this error ([`Code`]), from the area's own error.
    pub fn code(&self) -> Code {
        match self {
            Error::Xml(error) => error.code(),
            Error::C14n(error) => error.code(),
            Error::Crypto(error) => error.code(),
            Error::Dsig(error) => error.code(),
            Error::Pki(error) => error.code(),
            Error::Transcript(error) => error.code(),
            Error::Approvals(error) => error.code(),
            Error::Paper(error) => error.code(),
        }
    }
}

impl InvalidSetting {
    /// The stable code of this error: `invalid-setting`.
    pub fn code(&self) -> Code {
        Code::InvalidSetting
    }
}

/// A value given for a setting (on a command line, in a binding's options) that is not one of
/// its choices or not of its form: which setting, what was given, and what it accepts.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{setting}: {value:?} is not accepted (expected {expected})")]
pub struct InvalidSetting {
    /// The setting, as the library names it (`time`, `revocation`, `role`, `required`).
    pub setting: &'static str,
    /// What was given.
    pub value: String,
    /// What it accepts: the choices, or the form.
    pub expected: &'static str,
}

impl InvalidSetting {
    pub(crate) fn new(setting: &'static str, value: &str, expected: &'static str) -> Self {
        InvalidSetting { setting, value: value.to_owned(), expected }
    }
}

#[cfg(feature = "pkcs11")]
impl From<crate::pkcs11::TokenError> for Error {
    fn from(error: crate::pkcs11::TokenError) -> Self {
        Error::Crypto(CryptoError::Token(error))
    }
}
