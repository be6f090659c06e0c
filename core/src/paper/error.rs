//! Why a paper copy's verification reference cannot be used, or does not belong to a transcript.

use std::fmt;

use crate::Code;
use crate::report::wording::{Words, paper};

/// The part of a verification reference that is not as the format writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReferencePart {
    /// Not four fields starting `HOCBA1`, or longer than a reference can be.
    Layout,
    /// The school years: `YYYY-YYYY` (consecutive years) joined by `+`, at most twelve.
    Years,
    /// The digest: 32 characters of base32 (RFC 4648, upper case, no padding).
    Digest,
    /// The record's identifier: empty, or with a control character.
    Record,
}

impl ReferencePart {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            ReferencePart::Layout => (
                "phải gồm HOCBA1, các năm học, mã kiểm tra và mã định danh học bạ, cách nhau bởi dấu hai chấm",
                "it must be HOCBA1, the school years, the digest and the record's identifier, separated by colons",
            ),
            ReferencePart::Years => (
                "các năm học phải có dạng 2024-2025, nối với nhau bằng dấu +",
                "the school years must read 2024-2025, joined by +",
            ),
            ReferencePart::Digest => (
                "mã kiểm tra phải gồm 32 ký tự base32 (A-Z, 2-7)",
                "the digest must be 32 base32 characters (A-Z, 2-7)",
            ),
            ReferencePart::Record => (
                "mã định danh học bạ trống hoặc có ký tự điều khiển",
                "the record's identifier is empty or holds a control character",
            ),
        }
    }
}

/// A verification reference that cannot be read, or a paper copy that does not belong to the
/// signed transcript it is checked against.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaperError {
    /// The reference text is not in the format (`docs/paper-copy.md`).
    #[error("{}", self.words().en)]
    Malformed(ReferencePart),
    /// The copy is of another record (`MaDinhDanhHocBa`).
    #[error("{}", self.words().en)]
    OtherRecord {
        /// The record the copy names.
        paper: String,
        /// The record in the file.
        document: String,
    },
    /// The copy shows other school years than the file holds.
    #[error("{}", self.words().en)]
    OtherYears {
        /// The years the copy shows.
        paper: Vec<String>,
        /// The years in the file.
        document: Vec<String>,
    },
    /// Same record and years, but the signatures differ: the copy is not of this signed content.
    #[error("{}", self.words().en)]
    DigestMismatch,
    /// The file holds no transcript whose signatures verify: there is nothing to compare with.
    #[error("{}", self.words().en)]
    Unverified,
}

impl PaperError {
    /// The stable code of this error.
    pub fn code(&self) -> Code {
        match self {
            PaperError::Malformed(_) => Code::PaperReferenceMalformed,
            PaperError::OtherRecord { .. } => Code::PaperOtherRecord,
            PaperError::OtherYears { .. } => Code::PaperOtherYears,
            PaperError::DigestMismatch => Code::PaperDigestMismatch,
            PaperError::Unverified => Code::NotValid,
        }
    }

    /// What is wrong, in Vietnamese.
    pub fn message_vi(&self) -> String {
        self.words().vi
    }

    /// What is wrong, in English (as `Display` writes it).
    pub fn message_en(&self) -> String {
        self.words().en
    }

    pub(super) fn words(&self) -> Words {
        match self {
            PaperError::Malformed(part) => paper::reference_malformed(part.words()),
            PaperError::OtherRecord { paper: on_paper, document } => paper::other_record(on_paper, document),
            PaperError::OtherYears { paper: on_paper, document } => {
                paper::other_years(&on_paper.join(", "), &document.join(", "))
            }
            PaperError::DigestMismatch => paper::digest_mismatch(),
            PaperError::Unverified => paper::unverified(),
        }
    }
}

impl fmt::Display for ReferencePart {
    /// In English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words().1)
    }
}
