//! Every sentence a reader sees about a document, in Vietnamese and English, side by side: a
//! maintainer or a translator finds them all here, and nowhere else in the library.
//!
//! - [`signature`]: what the signature layer found (a signature that fails, weak algorithms),
//! - [`trust`]: the signer's certificate, its path, revocation and the signing time,
//! - [`data`]: the transcript's data (what the reader refuses, and each validation check),
//! - [`profile`]: the signing profile, withdrawals and new versions of a transcript,
//! - [`records`]: one student's records checked together,
//! - [`archive`]: the document's archive time-stamps,
//! - [`approvals`]: approval lists, withdrawal requests, and what they say about a transcript,
//! - [`paper`]: paper copies' verification references,
//! - [`labels`]: short names (a code for batch summaries, a signature's place, a key usage).
//!
//! The sentences take plain values (text, numbers, names and messages already in both languages), so
//! this module needs nothing from the transcript or the verifier that speak through it. The code
//! lists' own labels (`MonHoc::label_vi`, ...) stay with the lists: they are the catalogue's data,
//! not sentences.

pub(crate) mod approvals;
pub(crate) mod archive;
pub(crate) mod data;
mod labels;
pub(crate) mod paper;
pub(crate) mod profile;
pub(crate) mod records;
mod signature;
mod trust;

pub use labels::code_label;
pub(crate) use labels::{HOMEROOM_TEACHER, PRINCIPAL, SEAL, SUBJECT_TEACHER, role_label};
pub(crate) use signature::{dsig_finding, dsig_warning};
pub(crate) use trust::trust_finding;

/// A text in Vietnamese and English the caller already has: a name looked up in a code list (a
/// subject, a level, a role), or a message put in words before.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Text<'a> {
    /// In Vietnamese.
    pub(crate) vi: &'a str,
    /// In English.
    pub(crate) en: &'a str,
}

impl<'a> Text<'a> {
    pub(crate) const fn new(vi: &'a str, en: &'a str) -> Self {
        Text { vi, en }
    }
}

/// A message in Vietnamese and English, for errors that carry their code apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Words {
    /// The message in Vietnamese.
    pub(crate) vi: String,
    /// The message in English.
    pub(crate) en: String,
}

impl Words {
    pub(crate) fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Words { vi: vi.into(), en: en.into() }
    }
}
