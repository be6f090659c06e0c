//! The one error mapping: every core error becomes one exception class of the `hocba.Error`
//! hierarchy, carrying the core's stable code, its message, the position in the document and the
//! variant's fields.

use hocba::Code;
use hocba::approvals::{ApprovalDocument, ApprovalError as CoreApprovalError};
use hocba::c14n::C14nError as CoreC14nError;
use hocba::crypto::CryptoError as CoreCryptoError;
use hocba::dsig::DsigError;
use hocba::pki::PkiError;
use hocba::report::{Verdict, VerificationReport};
use hocba::transcript::TranscriptError as CoreTranscriptError;
use hocba::xml::{TextPos, XmlError as CoreXmlError};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyDict;

create_exception!(
    hocba,
    Error,
    PyException,
    "Base class of every hocba error. Attributes: `code` (stable, machine-readable), `message`, \
     `position` ((line, column) in the document, or None) and `details` (a dict of the error's fields)."
);
create_exception!(hocba, XmlError, Error, "The input is not acceptable XML (malformed, DOCTYPE, over a limit, ...).");
create_exception!(hocba, C14nError, Error, "The document or subset cannot be canonicalized.");
create_exception!(
    hocba,
    CryptoError,
    Error,
    "A key cannot be read or used, or the signer (key, token, remote service) failed."
);
create_exception!(
    hocba,
    SignatureError,
    Error,
    "An XML signature is malformed or does not verify, or a signature cannot be made as requested."
);
create_exception!(
    hocba,
    CertificateError,
    Error,
    "A certificate, CRL, OCSP response or time-stamp cannot be read, or a signer is not trusted (no path to a \
     trust anchor, expired, revoked, status unknown)."
);
create_exception!(
    hocba,
    TranscriptError,
    Error,
    "The document is not a transcript, a model cannot be written, or the signatures break the signing profile."
);
create_exception!(
    hocba,
    ApprovalError,
    Error,
    "An approval list or a withdrawal request cannot be read, verified or edited as asked, or a \
     transcript's signers are not what the approval lists held approve (not approved, suspended, the seal missing, \
     the year withdrawn, or lists that cannot settle it). `details` has `message_vi` and `message_en`."
);

/// Which exception class a failure belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Xml,
    C14n,
    Crypto,
    Signature,
    Certificate,
    Transcript,
    Approval,
}

/// A failure described for Python: built without the GIL, raised with it. The code is the core's.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) class: Class,
    pub(crate) code: Code,
    pub(crate) message: String,
    pub(crate) position: Option<TextPos>,
    pub(crate) details: Vec<(&'static str, Detail)>,
}

#[derive(Debug)]
pub(crate) enum Detail {
    Text(String),
    Number(usize),
}

impl Failure {
    pub(crate) fn new(class: Class, code: Code, message: String) -> Self {
        Failure { class, code, message, position: None, details: Vec::new() }
    }

    fn at(mut self, position: Option<TextPos>) -> Self {
        self.position = position;
        self
    }

    pub(crate) fn with(mut self, name: &'static str, value: impl Into<Detail>) -> Self {
        self.details.push((name, value.into()));
        self
    }

    /// A certificate given by the caller (named `what`) that cannot be read.
    pub(crate) fn certificate(what: &str, error: &CoreCryptoError) -> Self {
        match error {
            // Another kind of file, or a CA's certificate where a signer's is pinned: the core says
            // what to give instead.
            CoreCryptoError::WrongFile { .. } | CoreCryptoError::CaCertificatePinned => {
                Failure::new(Class::Certificate, error.code(), format!("{what}: {error}"))
                    .with("message_vi", format!("{what}: {}", error.message_vi()))
                    .with("message_en", format!("{what}: {}", error.message_en()))
            }
            _ => Failure::new(Class::Certificate, Code::CertificateMalformed, format!("{what}: {error}"))
                .with("reason", error.code().as_str()),
        }
    }

    /// The exception to raise.
    pub(crate) fn into_pyerr(self, py: Python<'_>) -> PyErr {
        let error = match self.class {
            Class::Xml => XmlError::new_err(self.message.clone()),
            Class::C14n => C14nError::new_err(self.message.clone()),
            Class::Crypto => CryptoError::new_err(self.message.clone()),
            Class::Signature => SignatureError::new_err(self.message.clone()),
            Class::Certificate => CertificateError::new_err(self.message.clone()),
            Class::Transcript => TranscriptError::new_err(self.message.clone()),
            Class::Approval => ApprovalError::new_err(self.message.clone()),
        };
        if let Err(e) = self.set_attributes(py, &error) {
            return e;
        }
        error
    }

    fn set_attributes(&self, py: Python<'_>, error: &PyErr) -> PyResult<()> {
        let value = error.value(py);
        value.setattr("code", self.code.as_str())?;
        value.setattr("message", &self.message)?;
        value.setattr("position", self.position.map(|p| (p.line, p.column)))?;
        let details = PyDict::new(py);
        for (name, detail) in &self.details {
            match detail {
                Detail::Text(text) => details.set_item(name, text)?,
                Detail::Number(n) => details.set_item(name, n)?,
            }
        }
        value.setattr("details", details)
    }
}

impl From<String> for Detail {
    fn from(text: String) -> Self {
        Detail::Text(text)
    }
}

impl From<&str> for Detail {
    fn from(text: &str) -> Self {
        Detail::Text(text.to_owned())
    }
}

impl From<usize> for Detail {
    fn from(n: usize) -> Self {
        Detail::Number(n)
    }
}

impl From<CoreXmlError> for Failure {
    fn from(error: CoreXmlError) -> Self {
        Failure::new(Class::Xml, error.code(), error.to_string()).at(error.pos()).with("reason", error.kind())
    }
}

impl From<CoreC14nError> for Failure {
    fn from(error: CoreC14nError) -> Self {
        let position = match &error {
            CoreC14nError::NotAnElement { pos }
            | CoreC14nError::ExclusionOutsideSubset { pos }
            | CoreC14nError::RelativeNamespaceUri { pos, .. } => Some(*pos),
            _ => None,
        };
        Failure::new(Class::C14n, error.code(), error.to_string()).at(position).with("reason", error.kind())
    }
}

impl From<CoreCryptoError> for Failure {
    fn from(error: CoreCryptoError) -> Self {
        Failure::new(Class::Crypto, error.code(), error.to_string())
            .with("message_vi", error.message_vi())
            .with("message_en", error.message_en())
    }
}

impl From<DsigError> for Failure {
    fn from(error: DsigError) -> Self {
        let code = error.code();
        let message = error.to_string();
        let signature = |pos: &TextPos| Failure::new(Class::Signature, code, message.clone()).at(Some(*pos));
        match &error {
            DsigError::Xml(inner) => {
                Failure::new(Class::Xml, code, message).at(inner.pos()).with("reason", inner.kind())
            }
            DsigError::C14n { pos, source } => {
                Failure::new(Class::C14n, code, message).at(Some(*pos)).with("reason", source.kind())
            }
            DsigError::Signing(reason) => {
                Failure::new(Class::Crypto, code, message).with("reason", reason.code().as_str())
            }
            DsigError::Structure { pos, what } => signature(pos).with("what", what.to_string()),
            DsigError::UnsupportedAlgorithm { pos, uri }
            | DsigError::WeakAlgorithm { pos, uri }
            | DsigError::UnsupportedReference { pos, uri }
            | DsigError::UnresolvedReference { pos, uri }
            | DsigError::DigestMismatch { pos, uri }
            | DsigError::DisallowedAlgorithm { pos, uri } => signature(pos).with("uri", uri.as_str()),
            DsigError::DuplicateId { id, first, second } => {
                signature(first).with("id", id.as_str()).with("second", second.to_string())
            }
            DsigError::TooManyReferences { pos, limit } | DsigError::TooManyTransforms { pos, limit } => {
                signature(pos).with("limit", *limit)
            }
            DsigError::UnsupportedTransforms { pos, what } => signature(pos).with("what", *what),
            DsigError::XPathNotSupported { pos, expression, reason } => {
                signature(pos).with("expression", expression.as_str()).with("reason", reason.as_str())
            }
            DsigError::TransformOutput { pos, source } => signature(pos).with("reason", source.kind()),
            DsigError::SignatureNotIdentified { pos } => signature(pos),
            DsigError::Base64 { pos, element } => signature(pos).with("element", *element),
            DsigError::BadSignature { pos, tried, reason } => {
                signature(pos).with("tried", *tried).with("reason", reason.code().as_str())
            }
            DsigError::KeyInfo { pos, reason } => signature(pos).with("reason", reason.code().as_str()),
            DsigError::Misplaced { pos, id, found } => {
                signature(pos).with("id", id.as_str()).with("found", found.as_str())
            }
            DsigError::KeyValueMismatch { pos } | DsigError::NoTrustedKey { pos } => signature(pos),
            DsigError::SigningTime { pos, text } => signature(pos).with("text", text.as_str()),
            DsigError::UnexpectedPlace { pos, place } => signature(pos).with("place", place.as_str()),
            DsigError::NotCovered { pos, id } => signature(pos).with("id", id.as_str()),
            DsigError::Placement { pos, path } => signature(pos).with("path", path.as_str()),
            _ => Failure::new(Class::Signature, code, message),
        }
    }
}

/// A failure the binding itself finds in what the caller asked (an unknown Id for a subtree).
pub(crate) fn c14n_request(code: Code, message: String, position: Option<TextPos>) -> Failure {
    Failure::new(Class::C14n, code, message).at(position)
}

impl From<PkiError> for Failure {
    fn from(error: PkiError) -> Self {
        let failure = Failure::new(Class::Certificate, error.code(), error.to_string());
        match &error {
            PkiError::SignerPath(path) => failure.with("subject", path.subject.as_str()),
            PkiError::InFile { path, .. } => failure.with("file", path.as_str()),
            PkiError::Fetch { url, .. } => failure.with("url", url.as_str()),
            _ => failure,
        }
    }
}

impl From<CoreTranscriptError> for Failure {
    fn from(error: CoreTranscriptError) -> Self {
        let (code, message) = (error.code(), error.to_string());
        match error {
            CoreTranscriptError::Xml(inner) => inner.into(),
            CoreTranscriptError::Dsig(inner) => inner.into(),
            CoreTranscriptError::Content { path, pos, problem } => Failure::new(Class::Transcript, code, message)
                .at(Some(pos))
                .with("path", path)
                .with("message_vi", problem.message_vi())
                .with("message_en", problem.message_en()),
            CoreTranscriptError::Unwritable { path, problem } => Failure::new(Class::Transcript, code, message)
                .with("path", path)
                .with("message_vi", problem.message_vi())
                .with("message_en", problem.message_en()),
            _ => Failure::new(Class::Transcript, code, message),
        }
    }
}

impl From<CoreApprovalError> for Failure {
    fn from(error: CoreApprovalError) -> Self {
        let failure = |document: Option<&ApprovalDocument>| {
            let failure = Failure::new(Class::Approval, error.code(), error.message_en())
                .with("message_vi", error.message_vi())
                .with("message_en", error.message_en());
            match document {
                Some(ApprovalDocument::List) => failure.with("document", "list"),
                Some(ApprovalDocument::Request) => failure.with("document", "request"),
                None => failure,
            }
        };
        match &error {
            // Not XML: the same error as any other document that is not.
            CoreApprovalError::Xml(inner) => inner.clone().into(),
            CoreApprovalError::WrongDocument { document, found } => {
                failure(Some(document)).with("found", found.as_str())
            }
            CoreApprovalError::Content { document, path, pos, .. } => {
                failure(Some(document)).at(*pos).with("path", path.as_str())
            }
            CoreApprovalError::SignerNotAllowed { document, signer, sha256 } => {
                failure(Some(document)).with("signer", signer.as_str()).with("sha256", sha256.as_str())
            }
            CoreApprovalError::Layout { document, .. } | CoreApprovalError::Untrusted { document, .. } => {
                failure(Some(document))
            }
            CoreApprovalError::Unavailable { url, .. } => failure(None).with("url", url.as_str()),
            _ => failure(None),
        }
    }
}

impl From<hocba::InvalidSetting> for Failure {
    fn from(error: hocba::InvalidSetting) -> Self {
        Failure::new(Class::Signature, error.code(), error.to_string())
    }
}

impl From<hocba::Error> for Failure {
    fn from(error: hocba::Error) -> Self {
        match error {
            hocba::Error::Xml(e) => e.into(),
            hocba::Error::C14n(e) => e.into(),
            hocba::Error::Crypto(e) => e.into(),
            hocba::Error::Dsig(e) => e.into(),
            hocba::Error::Pki(e) => e.into(),
            hocba::Error::Transcript(e) => e.into(),
            hocba::Error::Approvals(e) => e.into(),
            hocba::Error::Paper(e) => Failure::new(Class::Transcript, e.code(), e.message_en()),
            other => Failure::new(Class::Signature, other.code(), other.to_string()),
        }
    }
}

/// The exception class of a report's finding, by its code: trust in the signer, the transcript,
/// or the signature itself.
fn class_of(code: Code) -> Class {
    match code {
        Code::Untrusted
        | Code::Revoked
        | Code::RevokedAfterSigning
        | Code::RevokedNoPoe
        | Code::RevocationUnknown
        | Code::KeyUsage
        | Code::ExtendedKeyUsage
        | Code::WeakKeyInPath
        | Code::PathSearchBudget
        | Code::NoSignerCertificate
        | Code::TimeStampInvalid
        | Code::TimeStampExpired
        | Code::TimeStampAuthorityRevoked
        | Code::TimeStampRevocationUnknown
        | Code::ValidationDataMalformed
        | Code::OutOfBoundsNoPoe
        | Code::CertificateMalformed
        | Code::CertificateExpired
        | Code::CertificateNotYetValid
        | Code::CertificateSignatureInvalid
        | Code::CertificatePathInvalid
        | Code::CertificatePolicy
        | Code::CertificateOnHold
        | Code::SigningTimeInFuture
        | Code::SigningTimeBeforeCertificate
        | Code::SigningTimeAfterCertificate => Class::Certificate,
        Code::TranscriptProfile
        | Code::Withdrawn
        | Code::NotATranscript
        | Code::StaleVersion
        | Code::DifferentRecord => Class::Transcript,
        Code::SignerNotApproved
        | Code::ApprovalSuspended
        | Code::SealMissing
        | Code::YearWithdrawn
        | Code::SchoolNotListed
        | Code::ApprovalConflict
        | Code::ApprovalListRolledBack
        | Code::ApprovalListStale => Class::Approval,
        _ => Class::Signature,
    }
}

/// The exception for a report whose verdict is not valid: the class and code of its first problem
/// (the document's, else the first signature's that has the report's verdict), the message in
/// English, the Vietnamese one in `details["message_vi"]`. A verdict that is not valid always gives
/// one, problem or not.
pub(crate) fn from_report(report: &VerificationReport) -> Option<Failure> {
    if report.verdict() == Verdict::Valid {
        return None;
    }
    let Some((finding, signature)) = report
        .problems()
        .first()
        .map(|f| (f, None))
        .or_else(|| {
            report
                .signatures()
                .iter()
                .filter(|s| s.verdict() == report.verdict())
                .find_map(|s| s.problems().first().map(|f| (f, s.id())))
        })
        .or_else(|| report.signatures().iter().find_map(|s| s.problems().first().map(|f| (f, s.id()))))
    else {
        let verdict = report.verdict().as_str();
        return Some(
            Failure::new(Class::Signature, Code::NotValid, format!("the verdict is {verdict}"))
                .with("verdict", verdict),
        );
    };
    let mut failure = Failure::new(class_of(finding.code), finding.code, finding.en.clone())
        .with("message_vi", finding.vi.clone())
        .with("verdict", report.verdict().as_str());
    if let Some(id) = signature {
        failure = failure.with("signature", id);
    }
    Some(failure)
}
