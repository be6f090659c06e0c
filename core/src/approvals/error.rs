//! Why an approval list or a withdrawal request cannot be used.

use crate::report::Finding;
use crate::report::wording::Text;
use crate::report::wording::approvals as wording;
use crate::xml::{TextPos, XmlError};

/// Which of the two documents an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApprovalDocument {
    /// An approval list (`DanhSachPheDuyet`).
    List,
    /// A withdrawal request (`YeuCauThuHoi`).
    Request,
}

impl ApprovalDocument {
    fn name(self) -> Text<'static> {
        match self {
            ApprovalDocument::List => wording::LIST,
            ApprovalDocument::Request => wording::REQUEST,
        }
    }
}

/// An approval list or a withdrawal request that cannot be used: nothing in it is taken.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApprovalError {
    /// Not readable XML.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The root element is not the document's.
    #[error("{} expected: the root element is {found}", document.name().en)]
    WrongDocument {
        /// The document expected.
        document: ApprovalDocument,
        /// The root element found, `{namespace}name`.
        found: String,
    },
    /// The content breaks the schema or its rules.
    #[error("{} {path}{}: {problem_en}", document.name().en, pos.map_or(String::new(), |p| format!(" ({p})")))]
    Content {
        /// The document.
        document: ApprovalDocument,
        /// Where, as an element path (`/DanhSachPheDuyet/NoiDung/Truong[2]/MaTruong`).
        path: String,
        /// Line and column in the document read.
        pos: Option<TextPos>,
        /// What is wrong, in Vietnamese.
        problem_vi: String,
        /// What is wrong, in English.
        problem_en: String,
    },
    /// Its signatures are not where and what the profile says (section 7 of `schemas/PROFILE.md`).
    #[error("{}: {problem_en}", document.name().en)]
    Layout {
        /// The document.
        document: ApprovalDocument,
        /// What is wrong, in Vietnamese.
        problem_vi: String,
        /// What is wrong, in English.
        problem_en: String,
    },
    /// A signature does not verify, or its signer is not trusted: the verification's findings.
    #[error("{} is not trusted: {}", document.name().en, findings.iter().map(|f| f.en.as_str()).collect::<Vec<_>>().join("; "))]
    Untrusted {
        /// The document.
        document: ApprovalDocument,
        /// What the verification found.
        findings: Vec<Finding>,
    },
    /// The list's signer is not one of the authorities the verifier trusts for lists, or the
    /// request's signer is not approved for the school in that role.
    #[error("{} is signed by {signer} (SHA-256 {sha256}), {}", document.name().en, wording::not_allowed(*document == ApprovalDocument::List).1)]
    SignerNotAllowed {
        /// The document.
        document: ApprovalDocument,
        /// The signer's name from the certificate.
        signer: String,
        /// SHA-256 of the signer's certificate, hex.
        sha256: String,
    },
    /// The next edition of a list could not be fetched from where the list says it is published.
    #[error("the next approval list could not be fetched from {url}: {detail}")]
    Unavailable {
        /// The address asked.
        url: String,
        /// What went wrong.
        detail: String,
    },
    /// An edit of a list that does not fit it (no such school or certificate, a year withdrawn
    /// already, dates out of order).
    #[error("{problem_en}")]
    Refused {
        /// Why, in Vietnamese.
        problem_vi: String,
        /// Why, in English.
        problem_en: String,
    },
}

impl ApprovalError {
    /// The stable code.
    pub fn code(&self) -> crate::Code {
        use crate::Code;
        match self {
            ApprovalError::Xml(e) => e.code(),
            ApprovalError::WrongDocument { .. } | ApprovalError::Content { .. } | ApprovalError::Layout { .. } => {
                Code::ApprovalDocumentMalformed
            }
            ApprovalError::Untrusted { .. } => Code::ApprovalDocumentUntrusted,
            ApprovalError::SignerNotAllowed { .. } => Code::ApprovalSignerNotAllowed,
            ApprovalError::Refused { .. } => Code::ApprovalEditRefused,
            ApprovalError::Unavailable { .. } => Code::ApprovalListUnavailable,
        }
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            ApprovalError::Xml(error) => crate::report::wording::profile::not_xml_vi(error.code(), error.pos()),
            ApprovalError::WrongDocument { document, found } => {
                format!("{} không đúng loại tài liệu: phần tử gốc là {found}", document.name().vi)
            }
            ApprovalError::Content { document, path, pos, problem_vi, .. } => {
                let at = pos.map_or(String::new(), |p| format!(" ({p})"));
                format!("{} {path}{at}: {problem_vi}", document.name().vi)
            }
            ApprovalError::Layout { document, problem_vi, .. } => format!("{}: {problem_vi}", document.name().vi),
            ApprovalError::Untrusted { document, findings } => {
                let why: Vec<&str> = findings.iter().map(|f| f.vi.as_str()).collect();
                format!("{} không được tin cậy: {}", document.name().vi, why.join("; "))
            }
            ApprovalError::SignerNotAllowed { document, signer, sha256 } => {
                let why = wording::not_allowed(*document == ApprovalDocument::List).0;
                format!("{} do {signer} (SHA-256 {sha256}) ký, {why}", document.name().vi)
            }
            ApprovalError::Refused { problem_vi, .. } => problem_vi.clone(),
            ApprovalError::Unavailable { url, .. } => {
                // `detail` is the transport's, in English.
                format!("Không tải được danh sách phê duyệt mới từ {url}.")
            }
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The error as a finding, for reports.
    pub fn to_finding(&self) -> Finding {
        Finding::new(self.code(), self.message_vi(), self.message_en())
    }
}
