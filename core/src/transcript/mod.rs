//! The transcript (*Học bạ số*): the typed model of a whole level (primary, Thông tư 27/2020;
//! lower secondary, Thông tư 22/2021), its XML form (`schemas/hocba-transcript-1.0.xsd`), its JSON
//! form (serde), validation, and signing and verifying under the profile (`schemas/PROFILE.md`).
//!
//! Element names follow the Ministry's data catalogue (`../shared/docs/transcript.md`), in
//! PascalCase without diacritics, all in one namespace: a mapping to the official schema, once
//! published, changes the reader and writer only.

mod codes;
mod error;
mod model;
mod profile;
mod read;
mod role;
pub mod sample;
// The version check of a correction or withdrawal (issue 9): TranscriptVerification::require_newer_than.
mod succession;
mod validate;
mod write;

pub use codes::{
    CapHoc, Code, CodeEntry, CodeList, DanhHieu, GioiTinh, KetQuaGiaoDucTieuHoc, KhenThuongTieuHoc, MonHoc, MucDanhGia,
    MucDatTieuHoc, MucNhanXet, MucPhamChatNangLuc, NangLuc, PhamChat, SuKien, code_lists,
};
pub use error::{ContentProblem, ProfileError, TranscriptError};
pub use model::{
    Certificate, CompetencyLevel, Date, Diem, DiemTieuHoc, Envelope, Header, Periodic, PrimarySubject, PrimaryYear,
    QualityLevel, ReTestOutcome, ReTestResult, School, SchoolYear, SchoolYearName, ScoreError, SecondarySubject,
    SecondaryYear, Student, SubjectAssessment, SummerTraining, SupplementaryAssessment, SupplementarySubject,
    TermResults, TermResultsScored, TermScores, Transcript, Transfer, YearResults,
};
pub use profile::{
    ProfileVerifyOptions, TranscriptVerification, VerifiedTranscript, VerifiedYear, YearStatus, sign_as,
    sign_as_trusted, signature_request, unsigned_year_request, verify, verify_trusted, verify_trusted_document,
    year_status,
};
pub use read::{from_document, from_xml};
pub use role::{Role, signature_id};
pub use validate::{
    DataFinding, Severity, Term, ValidateOptions, Validation, completion_after_supplementary, learning_result,
    primary_result, term_average, validate, validate_xml, year_average,
};
pub use write::{WriteOptions, to_xml, to_xml_with};

/// The target namespace of version 1.0 of the transcript schema.
pub const TRANSCRIPT_NS: &str = "urn:hocba:hocbaso:1.0";

/// The signature container (`DSCKS`, as in Vietnamese e-invoices).
pub(crate) const SIGNATURES: &str = "DSCKS";
/// One school year's signatures inside [`SIGNATURES`].
pub(crate) const YEAR_SIGNATURES: &str = "ChuKyNamHoc";
