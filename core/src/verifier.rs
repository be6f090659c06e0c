//! Verifying a signed document the one way every front end shares: what the document is decides
//! how it is verified, and that is decided here, once, from the document's element names alone.
//!
//! A document with any element in the transcript namespace is a transcript: it is verified under
//! the signing profile, and if it does not read as a transcript it is an invalid transcript, with
//! the reason. Unsigned content cannot change that: what a transcript's signatures cover is in that
//! namespace, so a document that carries signed transcript data is always judged as a transcript,
//! however its unsigned parts (or its root) were edited. Any other document is verified as a
//! generic signed XML document only when the caller asks for it ([`OtherDocuments::Verify`]); by
//! default it is invalid, not a transcript.

use crate::Error;
use crate::pki::{RevocationChecker, TrustOptions};
use crate::report::{Finding, Verdict, VerificationReport};
use crate::transcript::{ProfileVerifyOptions, TRANSCRIPT_NS, TranscriptVerification};
use crate::xml::Document;

/// What a document is, by the namespaces of its elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// An element (any, not only the root) is in the transcript namespace.
    Transcript,
    /// Anything else.
    Other,
}

impl DocumentKind {
    /// The kind of `doc`, from its elements' namespaces only.
    pub fn of(doc: &Document<'_>) -> DocumentKind {
        if doc.descendants().any(|node| node.is_element() && node.namespace() == Some(TRANSCRIPT_NS)) {
            DocumentKind::Transcript
        } else {
            DocumentKind::Other
        }
    }
}

/// What to do with a signed document that is not a transcript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OtherDocuments {
    /// Report it invalid: not a transcript (the default).
    #[default]
    Refuse,
    /// Verify its signatures and signers' trust as a generic XML-signed document.
    Verify,
}

impl std::str::FromStr for OtherDocuments {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "refuse" => Ok(OtherDocuments::Refuse),
            "verify" => Ok(OtherDocuments::Verify),
            other => Err(format!("unknown choice for other documents {other:?} (refuse, verify)")),
        }
    }
}

/// A verified document: a transcript under the profile, or (on request) another signed document.
#[derive(Debug)]
pub enum DocumentVerification {
    Transcript(TranscriptVerification),
    /// Not a transcript: its signatures and signers' trust, or, unless the caller asked for
    /// generic verification, the finding `not-a-transcript`.
    Other(VerificationReport),
}

impl DocumentVerification {
    pub fn kind(&self) -> DocumentKind {
        match self {
            DocumentVerification::Transcript(_) => DocumentKind::Transcript,
            DocumentVerification::Other(_) => DocumentKind::Other,
        }
    }

    /// The verdict and everything behind it.
    pub fn report(&self) -> &VerificationReport {
        match self {
            DocumentVerification::Transcript(verification) => verification.report(),
            DocumentVerification::Other(report) => report,
        }
    }

    pub fn transcript(&self) -> Option<&TranscriptVerification> {
        match self {
            DocumentVerification::Transcript(verification) => Some(verification),
            DocumentVerification::Other(_) => None,
        }
    }

    pub fn transcript_mut(&mut self) -> Option<&mut TranscriptVerification> {
        match self {
            DocumentVerification::Transcript(verification) => Some(verification),
            DocumentVerification::Other(_) => None,
        }
    }
}

/// Verifies `doc` by its kind ([`DocumentKind::of`]): a transcript under the profile and every
/// signer's trust ([`crate::transcript::verify_trusted_document`]); another document under
/// trust alone ([`crate::pki::verify_document`], with `options.signatures`) when `other` says
/// so, else it is reported invalid as not a transcript. Errors are for input that is not usable
/// at all.
pub fn verify_document(
    doc: &Document<'_>,
    options: &ProfileVerifyOptions,
    other: OtherDocuments,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
) -> Result<DocumentVerification, Error> {
    match (DocumentKind::of(doc), other) {
        (DocumentKind::Transcript, _) => crate::transcript::verify_trusted_document(doc, options, trust, revocation)
            .map(DocumentVerification::Transcript),
        (DocumentKind::Other, OtherDocuments::Verify) => {
            crate::pki::verify_document(doc, &options.signatures, trust, revocation).map(DocumentVerification::Other)
        }
        (DocumentKind::Other, OtherDocuments::Refuse) => {
            let root = doc.root_element();
            let name = match root.namespace() {
                Some(namespace) => format!("{{{namespace}}}{}", root.local_name()),
                None => root.local_name().to_owned(),
            };
            let report = VerificationReport {
                verdict: Verdict::Invalid,
                verified_at: trust.now()?,
                revocation_policy: trust.revocation,
                online: revocation.is_online(),
                problems: vec![Finding::new(
                    "not-a-transcript",
                    format!(
                        "Văn bản không phải học bạ số (phần tử gốc {name}); văn bản ký số khác chỉ được kiểm tra khi người kiểm tra yêu cầu rõ."
                    ),
                    format!(
                        "The document is not a digital transcript (root element {name}); other signed documents are verified only when the verifier asks for it."
                    ),
                )],
                signatures: Vec::new(),
            };
            Ok(DocumentVerification::Other(report))
        }
    }
}
