//! The one error mapping: every core error becomes one exception class of the `hocba.Error`
//! hierarchy, carrying the core's stable code, its message, the position in the document and the
//! variant's fields.

use hocba::c14n::C14nError as CoreC14nError;
use hocba::crypto::CryptoError as CoreCryptoError;
use hocba::dsig::DsigError;
use hocba::pki::{PathFailure, PkiError};
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

/// Which exception class a failure belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Xml,
    C14n,
    Crypto,
    Signature,
    Certificate,
    Transcript,
}

/// A failure described for Python: built without the GIL, raised with it.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) class: Class,
    pub(crate) code: &'static str,
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
    pub(crate) fn new(class: Class, code: &'static str, message: String) -> Self {
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
        Failure::new(Class::Certificate, "invalid_certificate", format!("{what}: {error}"))
            .with("reason", crypto_reason(error))
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
        };
        if let Err(e) = self.set_attributes(py, &error) {
            return e;
        }
        error
    }

    fn set_attributes(&self, py: Python<'_>, error: &PyErr) -> PyResult<()> {
        let value = error.value(py);
        value.setattr("code", self.code)?;
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
        Failure::new(Class::Xml, "xml", error.to_string()).at(error.pos()).with("reason", xml_reason(&error))
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
        Failure::new(Class::C14n, "c14n", error.to_string()).at(position).with("reason", c14n_reason(&error))
    }
}

impl From<CoreCryptoError> for Failure {
    fn from(error: CoreCryptoError) -> Self {
        Failure::new(Class::Crypto, "crypto", error.to_string()).with("reason", crypto_reason(&error))
    }
}

impl From<DsigError> for Failure {
    fn from(error: DsigError) -> Self {
        let code = error.code();
        let message = error.to_string();
        let signature = |pos: &TextPos| Failure::new(Class::Signature, code, message.clone()).at(Some(*pos));
        match &error {
            DsigError::Xml(inner) => {
                Failure::new(Class::Xml, code, message).at(inner.pos()).with("reason", xml_reason(inner))
            }
            DsigError::C14n { pos, source } => {
                Failure::new(Class::C14n, code, message).at(Some(*pos)).with("reason", c14n_reason(source))
            }
            DsigError::Signing(reason) => {
                Failure::new(Class::Crypto, code, message).with("reason", crypto_reason(reason))
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
            DsigError::Base64 { pos, element } => signature(pos).with("element", *element),
            DsigError::BadSignature { pos, tried, reason } => {
                signature(pos).with("tried", *tried).with("reason", crypto_reason(reason))
            }
            DsigError::KeyInfo { pos, reason } => signature(pos).with("reason", crypto_reason(reason)),
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

/// The variant of an XML error, as a stable snake_case name.
fn xml_reason(error: &CoreXmlError) -> &'static str {
    match error {
        CoreXmlError::InputTooLarge { .. } => "input_too_large",
        CoreXmlError::NotUtf8 { .. } => "not_utf8",
        CoreXmlError::UnsupportedEncoding { .. } => "unsupported_encoding",
        CoreXmlError::UnsupportedVersion { .. } => "unsupported_version",
        CoreXmlError::DtdNotAllowed { .. } => "dtd_not_allowed",
        CoreXmlError::UnknownEntity { .. } => "unknown_entity",
        CoreXmlError::TooDeep { .. } => "too_deep",
        CoreXmlError::TooManyNodes { .. } => "too_many_nodes",
        CoreXmlError::TooManyAttributes { .. } => "too_many_attributes",
        CoreXmlError::AttributeValueTooLong { .. } => "attribute_value_too_long",
        CoreXmlError::TextTooLong { .. } => "text_too_long",
        CoreXmlError::TooManyNamespaces { .. } => "too_many_namespaces",
        CoreXmlError::Malformed { .. } => "malformed",
        _ => "other",
    }
}

fn c14n_reason(error: &CoreC14nError) -> &'static str {
    match error {
        CoreC14nError::UnsupportedAlgorithm(_) => "unsupported_algorithm",
        CoreC14nError::PrefixListNotExclusive(_) => "prefix_list_not_exclusive",
        CoreC14nError::InvalidPrefix(_) => "invalid_prefix",
        CoreC14nError::NotAnElement { .. } => "not_an_element",
        CoreC14nError::ExclusionOutsideSubset { .. } => "exclusion_outside_subset",
        CoreC14nError::RelativeNamespaceUri { .. } => "relative_namespace_uri",
        CoreC14nError::BudgetExceeded { .. } => "budget_exceeded",
        CoreC14nError::Io(_) => "io",
        _ => "other",
    }
}

fn crypto_reason(error: &CoreCryptoError) -> &'static str {
    match error {
        CoreCryptoError::UnsupportedAlgorithm(_) => "unsupported_algorithm",
        CoreCryptoError::KeyMismatch { .. } => "key_mismatch",
        CoreCryptoError::InvalidKey(_) => "invalid_key",
        CoreCryptoError::KeyTooSmall { .. } => "key_too_small",
        CoreCryptoError::KeyTooLarge { .. } => "key_too_large",
        CoreCryptoError::RsaExponentTooLarge { .. } => "rsa_exponent_too_large",
        CoreCryptoError::MalformedSignature(_) => "malformed_signature",
        CoreCryptoError::BadSignature => "bad_signature",
        CoreCryptoError::SigningFailed(_) => "signing_failed",
        _ => "other",
    }
}

/// A failure the binding itself finds in what the caller asked (an unknown Id for a subtree).
pub(crate) fn c14n_request(code: &'static str, message: String, position: Option<TextPos>) -> Failure {
    Failure::new(Class::C14n, code, message).at(position)
}

impl From<PkiError> for Failure {
    fn from(error: PkiError) -> Self {
        let message = error.to_string();
        let code = match &error {
            PkiError::MalformedCertificate { .. } => "malformed_certificate",
            PkiError::MalformedCrl { .. } => "malformed_crl",
            PkiError::MalformedOcspResponse { .. } => "malformed_ocsp_response",
            PkiError::MalformedTimeStamp { .. } => "malformed_time_stamp",
            PkiError::MalformedValidationData { .. } => "malformed_validation_data",
            PkiError::Io { .. } => "io",
            PkiError::InFile { .. } => "in_file",
            PkiError::SignerPath(_) => "signer_path",
            PkiError::SignerRevocation(_) => "signer_revocation",
            PkiError::Signature { .. } => "x509_signature",
            PkiError::Fetch { .. } => "fetch",
            PkiError::Offline(_) => "offline",
            _ => "pki",
        };
        let failure = Failure::new(Class::Certificate, code, message);
        match &error {
            PkiError::SignerPath(path) => {
                failure.with("reason", path_reason(&path.reason)).with("subject", path.subject.as_str())
            }
            PkiError::Fetch { url, .. } => failure.with("url", url.as_str()),
            _ => failure,
        }
    }
}

/// The variant of a path failure, as a stable snake_case name.
fn path_reason(failure: &PathFailure) -> &'static str {
    match failure {
        PathFailure::NoPathToAnchor => "no_path_to_anchor",
        PathFailure::Expired { .. } => "expired",
        PathFailure::NotYetValid { .. } => "not_yet_valid",
        PathFailure::BadSignature => "bad_signature",
        PathFailure::BasicConstraints => "basic_constraints",
        PathFailure::KeyUsage => "key_usage",
        PathFailure::Policy => "policy",
        PathFailure::NameConstraints => "name_constraints",
        PathFailure::UnknownCriticalExtension => "unknown_critical_extension",
        PathFailure::WeakKeyOrAlgorithm => "weak_key_or_algorithm",
        PathFailure::KeyTooSmall { .. } => "key_too_small",
        PathFailure::ExtendedKeyUsage { .. } => "extended_key_usage",
        PathFailure::SearchBudgetExceeded { .. } => "search_budget_exceeded",
        _ => "other",
    }
}

impl From<CoreTranscriptError> for Failure {
    fn from(error: CoreTranscriptError) -> Self {
        let message = error.to_string();
        match error {
            CoreTranscriptError::Xml(inner) => inner.into(),
            CoreTranscriptError::Dsig(inner) => inner.into(),
            CoreTranscriptError::Content { path, pos, problem } => Failure::new(Class::Transcript, "content", message)
                .at(Some(pos))
                .with("path", path)
                .with("message_vi", problem.message_vi())
                .with("message_en", problem.message_en()),
            CoreTranscriptError::Unwritable { path, problem } => Failure::new(Class::Transcript, "unwritable", message)
                .with("path", path)
                .with("message_vi", problem.message_vi())
                .with("message_en", problem.message_en()),
            CoreTranscriptError::Profile(_) => Failure::new(Class::Transcript, "profile", message),
            _ => Failure::new(Class::Transcript, "transcript", message),
        }
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
            other => Failure::new(Class::Signature, "error", other.to_string()),
        }
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
        let verdict = verdict_name(report.verdict());
        return Some(
            Failure::new(Class::Signature, "not_valid", format!("the verdict is {verdict}")).with("verdict", verdict),
        );
    };
    let class = match finding.code {
        "untrusted"
        | "revoked"
        | "revoked-after-signing"
        | "revocation-unknown"
        | "key-usage"
        | "extended-key-usage"
        | "weak-key-in-path"
        | "path-search-budget"
        | "no-signer-certificate"
        | "time-stamp-invalid"
        | "validation-data-malformed"
        | "signing-time-in-future"
        | "out-of-bounds-no-poe" => Class::Certificate,
        code if code.starts_with("certificate-") || code.starts_with("signing-time-") => Class::Certificate,
        "transcript-profile" | "withdrawn" | "not-a-transcript" => Class::Transcript,
        _ => Class::Signature,
    };
    let mut failure = Failure::new(class, finding.code, finding.en.clone())
        .with("message_vi", finding.vi.clone())
        .with("verdict", verdict_name(report.verdict()));
    if let Some(id) = signature {
        failure = failure.with("signature", id);
    }
    Some(failure)
}

pub(crate) fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Valid => "valid",
        Verdict::Invalid => "invalid",
        Verdict::Undetermined => "undetermined",
    }
}
